#!/usr/bin/env python3
"""Writes the .npy fixtures NpyTest reads, with numpy itself, plus expected.json describing each one.

Run from this folder: python3 make_fixtures.py  (numpy >= 1.17; the committed files came from numpy 2.4.6).
expected.json holds, per readable file, dtype, shape and the array's C-order little-endian bytes in hex, so
the Java test checks bit-exactness without trusting any decimal printing. Files under "rejected" must fail
with the message fragment given.
"""
import json
import numpy as np
from numpy.lib import format as npf

readable = {}


def save(name, arr, version=None):
    with open(name, "wb") as f:
        if version is None:
            np.save(f, arr)
        else:
            npf.write_array(f, arr, version=version)
    readable[name] = {
        "dtype": arr.dtype.str,
        "shape": list(arr.shape),
        "hex": np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<")).tobytes().hex(),
        "values": arr.astype(np.float64).ravel().tolist() if arr.dtype.kind == "f" else arr.astype(np.int64).ravel().tolist(),
    }


f32 = np.array([[0.0, -0.0, 1.0, np.pi], [1e-45, -3.4028235e38, 0.1, 65504.0]], dtype="<f4")
save("f4_2x4.npy", f32)
save("f2_7.npy", np.array([0.0, -0.0, 1.0, 6e-8, 65504.0, -2.5, 0.1], dtype="<f2"))
save("f8_3.npy", np.array([2.0**53 + 2, -1e300, 1.0 / 3.0], dtype="<f8"))
save("i8_2x2.npy", np.array([[np.iinfo(np.int64).min, -1], [0, np.iinfo(np.int64).max]], dtype="<i8"))
save("i4_5.npy", np.array([-2**31, -1, 0, 7, 2**31 - 1], dtype="<i4"))
save("f4_scalar.npy", np.array(3.5, dtype="<f4"))
save("f4_empty_0x3.npy", np.zeros((0, 3), dtype="<f4"))
save("f4_3d_2x1x3.npy", np.arange(6, dtype="<f4").reshape(2, 1, 3) / 4)
save("f4_v2.npy", np.array([1.5, -2.25], dtype="<f4"), version=(2, 0))
save("b1_2x3.npy", np.array([[True, False, True], [False, False, True]]))
save("f4_v3.npy", np.array([[4.0], [8.0]], dtype="<f4"), version=(3, 0))

rejected = {}
np.save("f4_big_endian.npy", np.array([1.0, 2.0], dtype=">f4"))
rejected["f4_big_endian.npy"] = "big-endian"
np.save("f4_fortran_2x3.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
rejected["f4_fortran_2x3.npy"] = "Fortran-order"
np.save("u1_3.npy", np.array([1, 2, 3], dtype=np.uint8))
rejected["u1_3.npy"] = "unsupported .npy dtype '|u1'"

with open("expected.json", "w") as f:
    json.dump({"numpy": np.__version__, "readable": readable, "rejected": rejected}, f, indent=1)
    f.write("\n")
