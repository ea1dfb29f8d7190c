"""Frames and blocks: encoding a message, decoding a frame, and cutting a byte stream into frames."""

import struct

from .messages import HEADER_LENGTH, MAX_FRAME_LENGTH, MESSAGES, MessageType

_HEADER = struct.Struct("<HB")
_RANGES = {
    "u8": (0, 0xFF), "u16": (0, 0xFFFF), "u32": (0, 0xFFFF_FFFF), "u64": (0, (1 << 64) - 1),
    "i32": (-(1 << 31), (1 << 31) - 1), "i64": (-(1 << 63), (1 << 63) - 1),
}


class WireError(Exception):
    """Bytes that cannot be read as a message, or a message that cannot be written.

    `kind` is one of FRAME_TOO_LARGE (the stream cannot be read further), TRUNCATED_FRAME (the stream ended
    inside a frame), UNKNOWN_MESSAGE_TYPE, TRUNCATED_MESSAGE and INVALID_VALUE (the frame was consumed; the
    next one can be read).
    """

    FRAME_TOO_LARGE = "frame_too_large"
    TRUNCATED_FRAME = "truncated_frame"
    UNKNOWN_MESSAGE_TYPE = "unknown_message_type"
    TRUNCATED_MESSAGE = "truncated_message"
    INVALID_VALUE = "invalid_value"

    def __init__(self, kind, detail, message_type=None, offset=None):
        super().__init__(detail)
        self.kind = kind
        self.message_type = message_type
        self.offset = offset


def encode(message):
    """The frame of `message`: header and block."""
    _check(message)
    block = message.STRUCT.pack(*(_raw(field, getattr(message, field.name)) for field in message.FIELDS))
    return _HEADER.pack(len(block), message.TYPE) + block


def decode_block(message_type, block):
    """The message of type code `message_type` in `block`; bytes past the fields this version knows are skipped."""
    try:
        cls = MESSAGES[MessageType(message_type)]
    except ValueError:
        raise WireError(WireError.UNKNOWN_MESSAGE_TYPE, f"unknown message type {message_type}") from None
    if len(block) < cls.BLOCK_LENGTH:
        raise WireError(WireError.TRUNCATED_MESSAGE,
                        f"{cls.TYPE.wire_name} block of {len(block)} bytes is shorter than its {cls.BLOCK_LENGTH}",
                        message_type=cls.TYPE)
    raws = cls.STRUCT.unpack_from(block)
    message = cls(**{field.name: _value(cls, field, raw) for field, raw in zip(cls.FIELDS, raws)})
    for first, second in cls.RULES:
        if (getattr(message, first) != 0) == (getattr(message, second) != 0):
            raise _invalid(cls, next(f for f in cls.FIELDS if f.name == first))
    return message


def decode(frame):
    """The message of one whole frame."""
    if len(frame) < HEADER_LENGTH:
        raise WireError(WireError.TRUNCATED_FRAME, "shorter than a frame header")
    block_length, message_type = _HEADER.unpack_from(frame)
    if HEADER_LENGTH + block_length > MAX_FRAME_LENGTH:
        raise WireError(WireError.FRAME_TOO_LARGE, f"frame of {HEADER_LENGTH + block_length} bytes")
    if len(frame) != HEADER_LENGTH + block_length:
        raise WireError(WireError.TRUNCATED_FRAME, "the frame's length does not match its header")
    return decode_block(message_type, memoryview(frame)[HEADER_LENGTH:])


class Frame:
    """One complete frame: its type code (known or not) and its block."""

    __slots__ = ("message_type", "block")

    def __init__(self, message_type, block):
        self.message_type = message_type
        self.block = block

    def decode(self):
        return decode_block(self.message_type, self.block)

    @property
    def client_id(self):
        """The client id an order-entry request starts with, when the frame is one long enough to hold it."""
        try:
            cls = MESSAGES[MessageType(self.message_type)]
        except ValueError:
            return None
        if not is_order_entry_request(cls) or len(self.block) < 8:
            return None
        return struct.unpack_from("<Q", self.block)[0]


def is_order_entry_request(cls):
    """Whether messages of class `cls` are order-entry requests, whose block starts with their u64 client id."""
    return cls.SENDER == "client" and cls.SESSION == "order_entry"


class Framer:
    """Cuts a received byte stream, arriving in any split, into frames."""

    def __init__(self):
        self._buffer = bytearray()
        self._failure = None

    def feed(self, data):
        self._buffer += data

    @property
    def buffered_byte_count(self):
        return len(self._buffer)

    def next_frame(self):
        """The next complete frame, or None. A header announcing more than the maximum frame raises
        FRAME_TOO_LARGE, now and on every later call."""
        if self._failure is not None:
            raise self._failure
        if len(self._buffer) < HEADER_LENGTH:
            return None
        block_length, message_type = _HEADER.unpack_from(self._buffer)
        frame_length = HEADER_LENGTH + block_length
        if frame_length > MAX_FRAME_LENGTH:
            self._failure = WireError(WireError.FRAME_TOO_LARGE,
                                      f"frame of {frame_length} bytes exceeds the maximum of {MAX_FRAME_LENGTH}")
            raise self._failure
        if len(self._buffer) < frame_length:
            return None
        block = bytes(self._buffer[HEADER_LENGTH:frame_length])
        del self._buffer[:frame_length]
        return Frame(message_type, block)

    def next_message(self):
        """The next complete frame's message, or None; a frame that does not decode is consumed and raises."""
        frame = self.next_frame()
        return None if frame is None else frame.decode()

    def finish(self):
        """At the end of the stream: raises TRUNCATED_FRAME when it stopped inside a frame."""
        if self._failure is not None:
            raise self._failure
        if self._buffer:
            raise WireError(WireError.TRUNCATED_FRAME,
                            f"stream ended inside a frame ({len(self._buffer)} bytes of it received)")


def _invalid(cls, field):
    return WireError(WireError.INVALID_VALUE, f"{cls.TYPE.wire_name}: invalid value in {field.name}",
                     message_type=cls.TYPE, offset=field.offset)


def _value(cls, field, raw):
    """The field's value from its raw unpacked form."""
    if field.optional and raw == field.null:
        return None
    if field.kind == "enum":
        try:
            return field.enum(raw)
        except ValueError:
            raise _invalid(cls, field) from None
    if field.kind == "bool":
        if raw > 1:
            raise _invalid(cls, field)
        return raw == 1
    if field.kind == "symbol":
        text = raw.rstrip(b"\0")
        if not _is_symbol(text) or any(raw[len(text):]):
            raise _invalid(cls, field)
        return text.decode("ascii")
    return raw


def _is_code(enumeration, value):
    try:
        enumeration(value)
    except ValueError:
        return False
    return True


def _is_symbol(data):
    return 1 <= len(data) <= 16 and all(0x21 <= byte <= 0x7E for byte in data)


def _raw(field, value):
    if value is None:
        return field.null
    if field.kind == "enum":
        return int(value)
    if field.kind == "bool":
        return int(value)
    if field.kind == "symbol":
        return value.encode("ascii")
    return value


def _check(message):
    """Raises INVALID_VALUE unless every field holds a value its encoding carries."""
    cls = type(message)
    for field in cls.FIELDS:
        value = getattr(message, field.name)
        if value is None:
            if not field.optional:
                raise _invalid(cls, field)
            continue
        if field.kind == "enum":
            valid = isinstance(value, field.enum) or (type(value) is int and _is_code(field.enum, value))
        elif field.kind == "bool":
            valid = isinstance(value, bool)
        elif field.kind == "symbol":
            valid = isinstance(value, str) and value.isascii() and _is_symbol(value.encode("ascii"))
        elif field.kind == "bytes32":
            valid = isinstance(value, (bytes, bytearray)) and len(value) == 32
        else:
            low, high = _RANGES[field.kind]
            valid = type(value) is int and low <= value <= high and not (field.optional and value == field.null)
        if not valid:
            raise _invalid(cls, field)
    for first, second in cls.RULES:
        if (getattr(message, first) != 0) == (getattr(message, second) != 0):
            raise _invalid(cls, next(f for f in cls.FIELDS if f.name == first))
