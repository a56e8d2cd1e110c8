"""SSM documents: content, versions, sharing, Amazon-owned documents and their parameters.

Owns ``DocumentStore`` (``store``), the document actions (``actions``, ``sharing``) and the
rules for content (``content``, ``plugins``) and parameters (``parameters``). Other
capabilities use documents only through ``interface``. Uses no other capability; shared:
pagination, tags.
"""
