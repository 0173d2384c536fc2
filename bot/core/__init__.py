"""Platform-neutral core: services, rules, errors, clock. Never imports an adapter."""
