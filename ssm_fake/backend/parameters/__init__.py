"""Parameter Store: parameters, their versions, labels, tiers, policies and tags.

Owns ``ParameterStore`` (``store``) and the actions PutParameter, DeleteParameter(s)
(``writes``, ``reads``), GetParameter(s), GetParametersByPath, DescribeParameters,
GetParameterHistory, Label/UnlabelParameterVersion (``reads``); the filters of the
describe and path reads (``filters``) and the data types (``data_types``).
Uses no other capability; shared: pagination, tags.
"""
