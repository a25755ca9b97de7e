"""Pure xAPI rules (1.0.x and 2.0.0): validation, normalisation, index keys, attachments, signatures.

Nothing here knows about Flask or SQL; every refusal is an `XAPIError` carrying its HTTP status.
"""

from tracker.xapi.errors import XAPIError

__all__ = ["XAPIError"]
