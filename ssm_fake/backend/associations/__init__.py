"""State Manager associations: create, update (with versions), delete and describe them,
run them on the service's clock and report their executions and per-node status.

Owns ``AssociationStore`` (``model``), the checks a create or update request passes
(``settings``), the runs on the clock and their outcomes (``runs``), the wire shapes
(``replies``), the writing actions (``actions``) and the reads (``queries``), and the
hooks other capabilities call (``hooks``: DeleteDocument's usage check, ``Association``
tags, DescribeInstanceInformation's association fields). Uses documents
(``documents.interface``), Run Command's outcome rules (``commands.interface``) and
instances (``instances.nodes``); shared: targets, rate control, schedules, pagination, tags.
"""
