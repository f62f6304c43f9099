"""The Gradio web app: chat, knowledge manager and evaluation, thin over the services."""
