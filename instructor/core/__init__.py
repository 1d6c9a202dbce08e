"""The provider-agnostic core: client, registries, retry flow, response models.

Nothing here names a provider; providers live in `instructor.providers`.
"""
