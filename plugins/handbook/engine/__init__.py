"""The machinery every stage runs on: the content-addressed memo, worker
processes and the progress meter. Imports nothing else of the handbook but
:mod:`handbook.model`.
"""
