"""From a policy file to its clause tree: read, repair, parse."""
