"""The login signature: HMAC-SHA256 with the account's API key over the challenge nonce and the login frame."""

import hashlib
import hmac

from .codec import encode
from .messages import HEADER_LENGTH

SIGNATURE_OFFSET = 22
SIGNATURE_LENGTH = 32


def login_signature(login, nonce, api_key):
    """The signature for `login` (its own signature is ignored) answering the challenge's `nonce`."""
    unsigned = type(login)(**{field.name: getattr(login, field.name) for field in login.FIELDS})
    unsigned.signature = bytes(SIGNATURE_LENGTH)
    return _code(encode(unsigned), nonce, api_key)


def is_valid_login(frame, nonce, api_key):
    """Whether a received login frame (header and block, as received) carries the right signature."""
    start = HEADER_LENGTH + SIGNATURE_OFFSET
    received = bytes(frame[start:start + SIGNATURE_LENGTH])
    return len(received) == SIGNATURE_LENGTH and hmac.compare_digest(_code(frame, nonce, api_key), received)


def _code(frame, nonce, api_key):
    start = HEADER_LENGTH + SIGNATURE_OFFSET
    zeroed = bytes(frame[:start]) + bytes(SIGNATURE_LENGTH) + bytes(frame[start + SIGNATURE_LENGTH:])
    return hmac.new(api_key.encode("utf-8"), bytes(nonce) + zeroed, hashlib.sha256).digest()
