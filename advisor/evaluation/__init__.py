"""Offline grading of answers against a test set: no judge model, every failure explained."""
