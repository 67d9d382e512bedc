#!/usr/bin/env python3
# make_bp_oracle.py — an independent BP oracle case (pure Python, float64, no numpy) of other
# sizes than the shared set: 20-7-5-4 tanh, B = 5, per-layer clipping active, soft-target extras
# with c = 0.9. Written in the layout of ../shared/oracles (README there: B × n row-major,
# W_i n_i × n_{i-1}, scalars shape (1,)), so the oracle tests can be pointed at a folder of
# cases with other sizes (docs/testing.md):
#   cp -r ../shared/oracles /tmp/oracles2 && scripts/make_bp_oracle.py /tmp/oracles2/bp_tiny
#   SDFC_ORACLES=/tmp/oracles2 build/release/tests/sdfc_tests -tc='oracles*,io: reads the reference*'
# The step: mean cross-entropy, backprop, per-layer clip_grad_norm (coef = min(1, c/(‖g‖+1e-6))),
# one torch.optim.Adam step (no weight decay).
import array, json, math, os, random, struct, sys

def save(path, shape, data):  # numpy.save of a float64 C-order array (npy version 1.0)
    dims = '(%d,)' % shape[0] if len(shape) == 1 else str(tuple(shape))
    h = "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }" % dims
    h += ' ' * (64 - (10 + len(h) + 1) % 64) + '\n'
    with open(path, 'wb') as f:
        f.write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(h)) + h.encode())
        array.array('d', data).tofile(f)

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = random.Random(77)
sizes, B, c_soft = [20, 7, 5, 4], 5, 0.9
lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-3
L = len(sizes) - 1
W = [[[rng.gauss(0, math.sqrt(2 / (sizes[i + 1] + sizes[i]))) for _ in range(sizes[i])]
      for _ in range(sizes[i + 1])] for i in range(L)]
b = [[rng.gauss(0, 0.05) for _ in range(sizes[i + 1])] for i in range(L)]
x = [[rng.gauss(0, 1) for _ in range(sizes[0])] for _ in range(B)]
labels = [rng.randrange(sizes[-1]) for _ in range(B)]

def forward(W, b):
    r, vs = [x], []
    for i in range(L):
        v = [[sum(W[i][o][k] * r[-1][s][k] for k in range(sizes[i])) + b[i][o]
              for o in range(sizes[i + 1])] for s in range(B)]
        vs.append(v)
        r.append(v if i == L - 1 else [[math.tanh(a) for a in row] for row in v])
    return r, vs

def softmax(z):
    m = max(z); e = [math.exp(a - m) for a in z]; t = sum(e); return [a / t for a in e]

def grads(T):  # mean cross-entropy −Σ T log softmax(r_L) / B and its gradients
    r, vs = forward(W, b)
    loss = -sum(T[s][o] * math.log(softmax(r[-1][s])[o]) for s in range(B)
                for o in range(sizes[-1])) / B
    delta = [[(p - t) / B for p, t in zip(softmax(r[-1][s]), T[s])] for s in range(B)]
    gW, gb = [None] * L, [None] * L
    for i in reversed(range(L)):
        gW[i] = [[sum(delta[s][o] * r[i][s][k] for s in range(B)) for k in range(sizes[i])]
                 for o in range(sizes[i + 1])]
        gb[i] = [sum(delta[s][o] for s in range(B)) for o in range(sizes[i + 1])]
        if i > 0:
            delta = [[sum(W[i][o][k] * delta[s][o] for o in range(sizes[i + 1])) *
                      (1 - r[i][s][k] ** 2) for k in range(sizes[i])] for s in range(B)]
    return loss, gW, gb, r

def onehot(c):
    n = sizes[-1]
    return [[c if o == y else (1 - c) / (n - 1) for o in range(n)] for y in labels]

files = {}
def put(name, shape, data, meaning):
    flat = []
    def walk(a):
        if isinstance(a, list):
            for e in a: walk(e)
        else: flat.append(float(a))
    walk(data)
    save(os.path.join(out, name + '.npy'), shape, flat)
    files[name + '.npy'] = {'shape': shape, 'dtype': 'float64', 'meaning': meaning}

for i in range(L):
    put(f'W{i+1}', [sizes[i + 1], sizes[i]], W[i], f'W_{i+1} before the step')
    put(f'b{i+1}', [sizes[i + 1]], b[i], f'b_{i+1} before the step')
put('x', [B, sizes[0]], x, 'input batch (B x n_0), Gaussian')
put('labels', [B], labels, 'true class per sample')
loss, gW, gb, r = grads(onehot(1.0))
put('loss', [1], [loss], 'mean cross-entropy on the hard labels')
put('rL', [B, sizes[-1]], r[-1], 'logits')
for i in range(L):
    put(f'gW{i+1}', [sizes[i + 1], sizes[i]], gW[i], 'dLoss/dW before clipping')
    put(f'gb{i+1}', [sizes[i + 1]], gb[i], 'dLoss/db before clipping')
# the reference clips per layer group: norm_i = ||[g_W_i, g_b_i]||, coef_i = min(1, clip/(norm_i + 1e-6))
norms = [math.sqrt(sum(g * g for row in gW[i] for g in row) + sum(g * g for g in gb[i])) for i in range(L)]
clip = sorted(norms)[L // 2]  # the median: some layers clipped, some not
coefs = [min(1.0, clip / (n + 1e-6)) for n in norms]
put('clip_norm_fw', [L], norms, 'per-layer ||[g_W_i, g_b_i]|| (L,)')
put('clip_coef_fw', [L], coefs, 'factor applied min(1, clip/(norm+1e-6))')
def adam(p, g):  # torch.optim.Adam, first step, no weight decay
    m, v = (1 - b1) * g, (1 - b2) * g * g
    denom = math.sqrt(v) / math.sqrt(1 - b2) + eps
    return p - (lr / (1 - b1)) * m / denom
for i in range(L):
    put(f'W{i+1}_after', [sizes[i + 1], sizes[i]],
        [[adam(W[i][o][k], coefs[i] * gW[i][o][k]) for k in range(sizes[i])] for o in range(sizes[i + 1])],
        'W after clipping and one Adam step')
    put(f'b{i+1}_after', [sizes[i + 1]], [adam(b[i][o], coefs[i] * gb[i][o]) for o in range(sizes[i + 1])],
        'b after clipping and one Adam step')
T = onehot(c_soft)
put('target', [B, sizes[-1]], T, 'soft one-hot target: c on the true class, (1-c)/(n_L-1) elsewhere')
loss_s, gWs, gbs, _ = grads(T)
put('loss_soft', [1], [loss_s], 'extra: mean soft-target cross-entropy (target.npy)')
for i in range(L):
    put(f'gW{i+1}_soft', [sizes[i + 1], sizes[i]], gWs[i], 'extra: dLoss_soft/dW')
    put(f'gb{i+1}_soft', [sizes[i + 1]], gbs[i], 'extra: dLoss_soft/db')
manifest = {
    'case': os.path.basename(out),
    'description': 'Backprop, one step, 20-7-5-4 tanh, B = 5 (pure-Python float64 oracle)',
    'notes': ['independent of the shared set: other sizes, clipping active, soft c = 0.9'],
    'hyperparameters': {
        'config': {'adam_beta1': b1, 'adam_beta2': b2, 'adam_epsilon': [eps], 'batch_size': B,
                   'clip_grad_norm': clip, 'dataset': 'synthetic', 'hidden_activation': 'tanh',
                   'lr': [lr], 'optimizer': 'Adam', 'size_hidden': sizes[1:-1],
                   'target_class_value': 1, 'weight_decay': 0},
        'network_type': 'BP (pure-Python oracle)'},
    'files': files,
}
json.dump(manifest, open(os.path.join(out, 'manifest.json'), 'w'), indent=1)
print('wrote', out, len(files), 'files; clip norms', norms, 'coefs', coefs)
