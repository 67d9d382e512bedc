#!/usr/bin/env python3
"""make_corpus.py — writes the small seed corpora in tests/fuzz/corpus/<target>/.

Standard library only (no numpy). Run from anywhere: python3 tests/fuzz/tools/make_corpus.py
The trainer-state seed for fuzz_npz (state_4_3_2.npz) comes from the engine itself:
tests/fuzz/tools/make_state_seed.cpp (see tests/fuzz/run.sh --seeds).
"""
import gzip, io, os, shutil, struct, zipfile, zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "corpus")


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def idx(dims, payload=None):
    n = 1
    for x in dims:
        n *= x
    if payload is None:
        payload = bytes((i * 37) & 0xFF for i in range(n))
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", x) for x in dims) + payload


def npy(descr, shape, payload, fortran=False, version=(1, 0)):
    shp = "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
    h = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shp)
    hl = 4 if version[0] >= 2 else 2
    pre = 6 + 2 + hl
    h += " " * ((64 - (pre + len(h) + 1) % 64) % 64) + "\n"
    head = b"\x93NUMPY" + bytes(version) + (struct.pack("<I", len(h)) if hl == 4 else struct.pack("<H", len(h)))
    return head + h.encode("latin1") + payload


def f8(vals):
    return b"".join(struct.pack("<d", v) for v in vals)


def npz(entries, deflate=False):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED) as z:
        for name, data in entries:
            z.writestr(name + ".npy", data)
    return b.getvalue()


def asset(n_train, n_test, images, labels):
    payload = bytes(labels) + b"".join(images)
    head = b"SDFCDIG1" + struct.pack("<5I", 1, n_train, n_test, 28, 28)
    return head + struct.pack("<I", zlib.crc32(payload) & 0xFFFFFFFF) + payload


def main():
    if os.path.isdir(CORPUS):
        for t in ("idx", "npy", "asset", "config", "url"):
            shutil.rmtree(os.path.join(CORPUS, t), ignore_errors=True)
    # --- idx ---
    put("idx", "labels3.idx", idx([3], bytes([7, 2, 1])))
    put("idx", "images_2x3x3.idx", idx([2, 3, 3]))
    put("idx", "images_2x3x3.idx.gz", gzip.compress(idx([2, 3, 3]), mtime=0))
    put("idx", "truncated.idx", idx([2, 3, 3])[:-4])
    put("idx", "trailing.idx", idx([1]) + b"\x00")
    put("idx", "bad_type.idx", bytes([0, 0, 0x0D, 1, 0, 0, 0, 1]) + f8([1.0])[:4])
    put("idx", "zero_dim.idx", bytes([0, 0, 8, 2, 0, 0, 0, 0, 0, 0, 0, 5]))
    put("idx", "huge_dims.idx.gz", gzip.compress(bytes([0, 0, 8, 3]) + b"\x7f\xff\xff\xff" * 3, mtime=0))
    # --- npy ---
    oracle = "/work/shared/oracles/strong_noise_small/b3.npy"
    if os.path.exists(oracle):  # a real numpy-written file (208 bytes)
        with open(oracle, "rb") as f:
            put("npy", "b3.npy", f.read())
    put("npy", "f8_2x3.npy", npy("<f8", [2, 3], f8([1, 2, 3, 4, 5, 6])))
    put("npy", "f4_fortran.npy", npy("<f4", [2, 2], struct.pack("<4f", 1, 2, 3, 4), fortran=True))
    put("npy", "i1_v2.npy", npy("|i1", [3], bytes([1, 0xFF, 7]), version=(2, 0)))
    put("npy", "b1_v3.npy", npy("|b1", [2], bytes([1, 0]), version=(3, 0)))
    put("npy", "u8_scalar.npy", npy("<u8", [], struct.pack("<Q", 2**63)))
    put("npy", "empty.npy", npy("<f8", [0, 4], b""))
    put("npy", "big_endian.npy", npy(">f8", [1], struct.pack(">d", 1)))
    put("npy", "truncated.npy", npy("<f8", [4], f8([1, 2, 3, 4]))[:-3])
    # --- npz (weights of a 4-3-2 network; the state seed is written by make_state_seed) ---
    W = [("W1", npy("<f8", [3, 4], f8([0.1 * i for i in range(12)]))),
         ("W2", npy("<f8", [2, 3], f8([-0.1 * i for i in range(6)]))),
         ("b1", npy("<f8", [3], f8([0, 0, 0]))),
         ("b2", npy("<f8", [2], f8([0.5, -0.5]))),
         ("Q1", npy("<f8", [3, 2], f8([0.2] * 6))),
         ("Q2", npy("<f8", [2, 2], f8([1, 0, 0, 1])))]
    put("npz", "weights_4_3_2.npz", npz(W))
    put("npz", "weights_4_3_2_deflate.npz", npz(W, deflate=True))
    put("npz", "weights_wrong_shape.npz", npz([("W1", npy("<f8", [4, 3], f8([0.0] * 12)))] + W[1:]))
    put("npz", "nan_weight.npz", npz([("W1", npy("<f8", [3, 4], f8([float("nan")] * 12)))] + W[1:]))
    bad = bytearray(npz(W[:1]))
    bad[60] ^= 0xFF  # inside the entry's data: CRC mismatch
    put("npz", "crc_mismatch.npz", bytes(bad))
    put("npz", "empty_zip.npz", npz([]))
    # --- asset: 1 train + 1 test image ---
    black = bytes([255, 0, 255, 0, 255, 0, 19, 0])
    some = bytes([100, 3, 10, 200, 255, 255, 0]) + bytes([255, 0, 255, 0, 171, 0])
    put("asset", "two_digits.bin", asset(1, 1, [black, some], [3, 9]))
    put("asset", "zero_digits.bin", asset(0, 0, [], []))
    put("asset", "bad_label.bin", asset(1, 0, [black], [10]))
    put("asset", "pair00.bin", asset(1, 0, [bytes([0, 0]) + black], [1]))
    put("asset", "huge_counts.bin", b"SDFCDIG1" + struct.pack("<6I", 1, 0xFFFFFFFF, 0xFFFFFFFF, 28, 28, 0))
    # --- config: (selector, value) pairs; selector low 6 bits = field, top 2 = value kind ---
    put("config", "defaults.bin", b"")
    put("config", "bp.bin", bytes([0x40 | 8, 0]))                        # method = BP
    put("config", "dfc_two_phase.bin", bytes([0x40 | 8, 1, 0x40 | 9, 0]))  # DFC, single_phase 0
    put("config", "sgd_relu.bin", bytes([0x40 | 18, 1, 0x40 | 6, 1]))
    put("config", "deep.bin", bytes([0x40 | 0, 5, 0x40 | 1, 6, 0x40 | 5, 3]))
    put("config", "nan_lr.bin", bytes([0xC0 | 19, 0]))                    # lr = special[0] = NaN
    put("config", "raw_dt.bin", bytes([35]) + struct.pack("<d", 0.05))
    put("config", "ssa.bin", bytes([0x40 | 10, 2, 0x40 | 9, 0, 0x40 | 8, 1]))
    # --- url ---
    put("url", "hash.txt", b"#algo=strong-dfc&autoplay=1&embed=1&panel=dynamics&seed=1")
    put("url", "query.txt", b"?algo=dfc&lambda=0.02&lr=1e-3&steps=60&batch=16&net=deep&hide=algo%2Clr")
    put("url", "bad.txt", b"#zoom=nan&seed=-5&steps=99999999999999999999&x=%zz&&=&panel=all")
    put("url", "args.txt", b"--algo\0bp\0--seed=7\0--width\0800\0--speed\0inf\0stray")


if __name__ == "__main__":
    main()
