"""advisor: a local, private chatbot on pricing and monetizing AI products.

Importing it changes nothing; entry points call `advisor.runtime.go_offline()` first.
"""
