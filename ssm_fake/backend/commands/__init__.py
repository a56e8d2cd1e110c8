"""Run Command: SendCommand, CancelCommand, the command lifecycle on the clock, and queries.

Owns ``CommandStore`` (``runs``: commands, invocations, plugin runs and their lifecycle),
the outcome rules and handlers tests set through the handle (``outcomes``), SendCommand and
CancelCommand (``send``), ListCommands, ListCommandInvocations and GetCommandInvocation
(``queries``, ``replies``). Uses documents (``documents.interface``) and instances
(``instances.nodes``); shared: targets, rate control, pagination.
"""
