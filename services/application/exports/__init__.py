"""Files that leave the tool: a shortlist or the council report as CSV or XLSX.

Each module builds bytes from the application layer's queries, so the CLI, the API
and the web pages hand out the same file and see only what their role may see.
"""
