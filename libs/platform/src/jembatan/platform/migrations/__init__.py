"""The platform's own tables in every service's schema, migrated after the service's own chain."""
