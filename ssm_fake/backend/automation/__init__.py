"""Automation: runbook executions played out step by step on the service's clock.

Owns ``AutomationStore`` (``model``: executions, their step executions, queue and client
tokens), StartAutomationExecution (``start``), the step engine (``runner``) and what each
step action does (``actions``, ``branch``, ``values``, ``scripts``), StopAutomationExecution
and SendAutomationSignal (``control``), the reads (``queries``, ``replies``) and what other
capabilities use (``interface``). Uses documents (``documents.interface``), Run Command
(``commands.interface``) for ``aws:runCommand`` and instances (``instances.nodes``) for
tag targets; ``aws:executeAwsApi`` with Service ``ssm`` goes through ``protocol.invoke``, the
fake's own request path. Shared: rate control, pagination, tags.
"""
