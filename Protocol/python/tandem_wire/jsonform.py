"""Messages as the JSON of the test vectors: fields by name, enumerations by name, 32 bytes as hex."""

from .messages import MESSAGES_BY_NAME


def to_json(message):
    """{"message": name, "type": code, "fields": {...}} for `message`."""
    fields = {}
    for field in message.FIELDS:
        value = getattr(message, field.name)
        if value is not None and field.kind == "enum":
            value = value.wire_name
        elif field.kind == "bytes32":
            value = value.hex()
        fields[field.name] = value
    return {"message": message.TYPE.wire_name, "type": int(message.TYPE), "fields": fields}


def from_json(document):
    """The message a document of `to_json`'s form describes."""
    cls = MESSAGES_BY_NAME[document["message"]]
    if int(cls.TYPE) != document["type"]:
        raise ValueError(f"{document['message']} has type {int(cls.TYPE)}, not {document['type']}")
    fields = document["fields"]
    if set(fields) != {field.name for field in cls.FIELDS}:
        raise ValueError(f"{document['message']}: the fields are {[field.name for field in cls.FIELDS]}")
    values = {}
    for field in cls.FIELDS:
        value = fields[field.name]
        if value is not None and field.kind == "enum":
            value = field.enum[value.upper()]
        elif field.kind == "bytes32":
            value = bytes.fromhex(value)
        values[field.name] = value
    return cls(**values)
