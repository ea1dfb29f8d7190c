"""Tandem's binary wire protocol: the codec and an asyncio client. See Protocol/PROTOCOL.md."""

from .auth import is_valid_login, login_signature
from .client import LoginRejectedError, Session, SessionClosed, SessionError
from .codec import Frame, Framer, WireError, decode, decode_block, encode, is_order_entry_request
from .jsonform import from_json, to_json
from .messages import *  # noqa: F401,F403  (the message classes and enumerations)

__version__ = "0.1.0"
