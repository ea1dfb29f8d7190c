"""The codec: splits, errors, versioning, validation, and random bytes."""

import random
import struct
import unittest

from tandem_wire import (
    CancelOrder, Framer, Heartbeat, MassCancel, NewOrder, OrderType, SelfTradeMode, Side, TimeInForce, WireError,
    decode, encode, is_valid_login, Login, login_signature, MESSAGES, MessageType,
)

from .test_vectors import load_vectors


def order(**changes):
    fields = dict(client_order_id=7, price=100, quantity=5, market=1, side=Side.SELL, order_type=OrderType.LIMIT,
                  time_in_force=TimeInForce.IOC, self_trade=SelfTradeMode.CANCEL_BOTH)
    fields.update(changes)
    return NewOrder(**fields)


def stream_messages(data, chunk):
    """Every message (or WireError) of `data` fed in pieces of `chunk` bytes."""
    framer = Framer()
    results = []
    for start in range(0, len(data), chunk):
        framer.feed(data[start:start + chunk])
        while True:
            try:
                message = framer.next_message()
            except WireError as error:
                results.append(error.kind)
                if error.kind == WireError.FRAME_TOO_LARGE:
                    return results
                continue
            if message is None:
                break
            results.append(message)
    try:
        framer.finish()
    except WireError as error:
        results.append(error.kind)
    return results


class CodecTests(unittest.TestCase):
    def test_round_trip(self):
        message = order()
        frame = encode(message)
        self.assertEqual(frame[:3], struct.pack("<HB", 34, 16))
        self.assertEqual(decode(frame), message)

    def test_every_split_of_a_stream_gives_the_same_messages(self):
        stream = b"".join(frame for _, frame, _ in load_vectors())
        expected = stream_messages(stream, len(stream))
        self.assertEqual(len(expected), len(list(load_vectors())))
        for split in range(len(stream) + 1):
            framer = Framer()
            decoded = []
            for part in (stream[:split], stream[split:]):
                framer.feed(part)
                while (message := framer.next_message()) is not None:
                    decoded.append(message)
            framer.finish()
            self.assertEqual(decoded, expected, f"split at {split}")
        self.assertEqual(stream_messages(stream, 1), expected)

    def test_oversize_truncated_unknown(self):
        self.assertEqual(stream_messages(b"\xfe\x03\x10" + bytes(10), 5), [WireError.FRAME_TOO_LARGE])
        frame = encode(order())
        self.assertEqual(stream_messages(frame[:-1], 4), [WireError.TRUNCATED_FRAME])
        short = struct.pack("<HB", 33, 16) + frame[3:-1]
        heartbeat = encode(Heartbeat())
        self.assertEqual(stream_messages(short + heartbeat, 100), [WireError.TRUNCATED_MESSAGE, Heartbeat()])
        unknown = struct.pack("<HB", 2, 200) + b"\1\2"
        self.assertEqual(stream_messages(unknown + heartbeat, 100), [WireError.UNKNOWN_MESSAGE_TYPE, Heartbeat()])
        largest = struct.pack("<HB", 1021, 5) + bytes(1021)
        self.assertEqual(stream_messages(largest, 100), [Heartbeat()])

    def test_appended_bytes_are_skipped(self):
        frame = encode(order())
        longer = struct.pack("<HB", 38, 16) + frame[3:] + b"\x09" * 4
        self.assertEqual(decode(longer), order())

    def test_invalid_values(self):
        frame = bytearray(encode(order()))
        for offset, value in ((28, 3), (31, 2), (33, 5), (29, 0)):
            bad = bytearray(frame)
            bad[3 + offset] = value
            with self.assertRaises(WireError) as caught:
                decode(bytes(bad))
            self.assertEqual((caught.exception.kind, caught.exception.offset), (WireError.INVALID_VALUE, offset))
        with self.assertRaises(WireError):
            decode(encode(CancelOrder(request_id=1, order_id=5, client_order_id=0))[:3] + bytes(24))
        for message in (CancelOrder(request_id=1, order_id=5, client_order_id=6), order(side=3), order(price=1 << 63),
                        order(post_only=2), MassCancel(request_id=1, market=0xFFFF_FFFF), order(market=None)):
            with self.subTest(message), self.assertRaises(WireError):
                encode(message)

    def test_login_signature(self):
        nonce = bytes(range(32))
        login = Login(account=3, protocol_version=1, session=0, next_sequence=0, signature=bytes(32))
        login.signature = login_signature(login, nonce, "k")
        self.assertTrue(is_valid_login(encode(login), nonce, "k"))
        self.assertFalse(is_valid_login(encode(login), nonce, "K"))
        login.next_sequence = 1
        self.assertFalse(is_valid_login(encode(login), nonce, "k"))

    def test_random_bytes_never_escape_as_anything_but_wire_errors(self):
        generator = random.Random(5)
        types = list(MESSAGES)
        decoded = 0
        for _ in range(3000):
            data = bytearray()
            for _ in range(generator.randint(1, 3)):
                cls = MESSAGES[generator.choice(types)]
                length = max(0, cls.BLOCK_LENGTH + generator.randint(-2, 2))
                data += struct.pack("<HB", length, generator.choice([int(cls.TYPE), generator.randrange(256)]))
                data += bytes(generator.choice([0, 1, 2, generator.randrange(256)]) for _ in range(length))
            if generator.random() < 0.2:
                data = bytearray(generator.randrange(256) for _ in range(generator.randint(0, 60)))
            for item in stream_messages(bytes(data), generator.randint(1, 64)):
                if isinstance(item, str):
                    continue
                decoded += 1
                frame = encode(item)  # a decoded message is valid: it encodes, canonically
                self.assertEqual(decode(frame), item)
        self.assertGreater(decoded, 300)


if __name__ == "__main__":
    unittest.main()
