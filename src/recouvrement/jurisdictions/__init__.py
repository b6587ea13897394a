"""Rules by jurisdiction. Each country lives in its own subpackage behind the same small interface."""
