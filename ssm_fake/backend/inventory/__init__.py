"""Inventory: PutInventory, GetInventory, ListInventoryEntries, GetInventorySchema,
DeleteInventory and DescribeInventoryDeletions.

Owns the inventory types and their schemas (``schemas``: AWS's from
``ssm_fake/data/inventory/``, ``Custom:`` ones defined by their first PutInventory), the
items each node reported with the indexes queries walk (``store``), the filter language
(``filters``), aggregation (``aggregation``) and deletions (``deletions``). Uses instances
(``instances.nodes``: which nodes are managed, and ``AWS:InstanceInformation``, read from
the nodes when asked); shared: pagination.
"""
