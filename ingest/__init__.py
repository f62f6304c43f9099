"""Documents in, searchable chunks out. Imports nothing from `advisor`.

Importing it changes nothing in the process: the application that uses it decides the
environment (the advisor entry points keep model hubs and telemetry off).
"""
