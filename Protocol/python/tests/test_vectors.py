"""Every vector of Protocol/vectors decodes to its JSON and its JSON encodes to its bytes."""

import json
import unittest
from pathlib import Path

from tandem_wire import MESSAGES, Challenge, Framer, Login, decode, encode, from_json, login_signature, to_json

VECTORS = Path(__file__).resolve().parents[2] / "vectors"


def load_vectors():
    for json_path in sorted(VECTORS.glob("*.json")):
        hex_text = json_path.with_suffix(".hex").read_text()
        yield json_path.stem, bytes.fromhex("".join(hex_text.split())), json.loads(json_path.read_text())


class VectorTests(unittest.TestCase):
    def test_every_message_type_has_a_vector(self):
        names = {name for name, _, _ in load_vectors()}
        self.assertEqual(names, {cls.TYPE.wire_name for cls in MESSAGES.values()})

    def test_vectors_decode_to_their_json(self):
        for name, frame, document in load_vectors():
            with self.subTest(name):
                decoded = to_json(decode(frame))
                self.assertEqual(decoded, document)
                self.assertEqual(list(decoded["fields"]), list(document["fields"]), "field order")

    def test_vectors_encode_to_their_bytes(self):
        for name, frame, document in load_vectors():
            with self.subTest(name):
                self.assertEqual(encode(from_json(document)).hex(), frame.hex())

    def test_all_vectors_as_one_stream(self):
        stream = b"".join(frame for _, frame, _ in load_vectors())
        framer = Framer()
        framer.feed(stream)
        decoded = []
        while (message := framer.next_message()) is not None:
            decoded.append(to_json(message))
        framer.finish()
        self.assertEqual(decoded, [document for _, _, document in load_vectors()])

    def test_the_login_vector_is_signed_with_the_example_key_over_the_challenge_vector(self):
        vectors = {name: document for name, _, document in load_vectors()}
        challenge = from_json(vectors["challenge"])
        login = from_json(vectors["login"])
        self.assertIsInstance(challenge, Challenge)
        self.assertIsInstance(login, Login)
        self.assertEqual(login_signature(login, challenge.nonce, "tandem-demo-key-1"), login.signature)


if __name__ == "__main__":
    unittest.main()
