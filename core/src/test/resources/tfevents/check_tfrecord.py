#!/usr/bin/env python3
"""Independent reader for TensorBoard event files, used by TfEventsTest to cross-check the Java writer.

Pure Python (no TensorFlow): a table-driven CRC32C (Castagnoli, reflected polynomial 0x82F63B78), TFRecord
framing (u64 length, masked CRC of the length, payload, masked CRC of the payload, little-endian) and a
minimal protobuf decoder for Event{1 wall_time, 2 step, 3 file_version, 5 summary{1 value{1 tag, 2 simple_value}}}.
Prints one JSON object: {"version": ..., "records": n, "scalars": [[step, tag, value], ...]}; exits 1 on any
framing or CRC error.
Usage: python3 check_tfrecord.py EVENTS_FILE
"""
import json
import struct
import sys

TABLE = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    TABLE.append(c)


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def varint(buf, pos):
    shift = value = 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, pos
        shift += 7


def fields(buf):
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            n, pos = varint(buf, pos)
            value, pos = buf[pos:pos + n], pos + n
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError("wire type %d" % wire)
        yield number, value


def main(path):
    data = open(path, "rb").read()
    pos, records, version, scalars = 0, 0, None, []
    while pos < len(data):
        header = data[pos:pos + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", data[pos + 8:pos + 12])
        if length_crc != masked(header):
            sys.exit("record %d: length CRC mismatch" % records)
        payload = data[pos + 12:pos + 12 + length]
        (payload_crc,) = struct.unpack("<I", data[pos + 12 + length:pos + 16 + length])
        if len(payload) != length or payload_crc != masked(payload):
            sys.exit("record %d: payload CRC mismatch" % records)
        step = 0
        for number, value in fields(payload):
            if number == 2:
                step = value
            elif number == 3:
                version = value.decode("utf-8")
            elif number == 5:
                for _, v in fields(value):
                    tag, simple = None, None
                    for n, x in fields(v):
                        if n == 1:
                            tag = x.decode("utf-8")
                        elif n == 2:
                            (simple,) = struct.unpack("<f", x)
                    scalars.append([step, tag, simple])
        pos += 16 + length
        records += 1
    print(json.dumps({"version": version, "records": records, "scalars": scalars}))


if __name__ == "__main__":
    main(sys.argv[1])
