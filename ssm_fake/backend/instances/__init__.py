"""Managed nodes (EC2 instances and hybrid machines) and the activations that register them.

Owns ``InstanceRegistry`` (``nodes``), DescribeInstanceInformation (``information``),
activations (``activations``), DeregisterManagedInstance, UpdateManagedInstanceRole and the
``ManagedInstance`` resource type for tags. Other capabilities find the nodes they act on
through ``nodes.resolve_targets`` and ``nodes.require_online``. Uses no other capability;
shared: targets, pagination, tags.
"""
