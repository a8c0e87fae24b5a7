"""The NAE update of Nae.MLNet written in PyTorch, timed the same way (run by the speed suite; see docs/benchmarks.md).

Same network as the CPU preset (MLP D-512-256-32 with LeakyReLU 0.2, spherical latent, sigmoid decoder), same
chains (latent: 10 steps, step 0.2, noise 0.05, on the sphere, 95 % replay buffer; input: on-manifold start
x0 = Dec(z), 20 steps, step 10, element-wise gradient clip 0.01, noise 0.05 annealed as sigma / max(1, i), clamp to
[0, 1]), same loss ((E+ - E-) / T + E-^2 + 1e-4 * encoder L2) and Adam step, and the same per-update diagnostics
(energy of x0, mean and std of the negatives). Inputs are uniform [0, 1] rows. Prints one JSON object with the mean
milliseconds per update of the latent chain, the input chain and the parameter update.
"""
import argparse
import json
import time

import torch
from torch import nn


def mlp(widths, out=None):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            layers.append(nn.LeakyReLU(0.2))
    if out is not None:
        layers.append(out)
    return nn.Sequential(*layers)


class Autoencoder(nn.Module):
    def __init__(self, features, hidden, latent):
        super().__init__()
        self.encoder = mlp([features] + hidden + [latent])
        self.decoder = mlp([latent] + hidden[::-1] + [features], nn.Sigmoid())

    @staticmethod
    def sphere(z):
        return z / z.norm(dim=1, keepdim=True).clamp_min(1e-12)

    def decode(self, z):
        return self.decoder(z)

    def energy(self, x):
        return (x - self.decode(self.sphere(self.encoder(x)))).square().mean(1)


def langevin(energy, x, steps, step_size, noise, anneal, clip, bound):
    x = x.detach().clone()
    for i in range(steps):
        x.requires_grad_(True)
        g = torch.autograd.grad(energy(x).sum(), x)[0]
        if clip is not None:
            g = g.clamp(-clip, clip)
        sigma = noise / max(1, i) if anneal else noise
        x = bound(x.detach() - step_size * g + sigma * torch.randn_like(x))
    return x.detach()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--features", type=int, default=784)
    p.add_argument("--hidden", default="512,256")
    p.add_argument("--latent", type=int, default=32)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--latent-steps", type=int, default=10)
    p.add_argument("--input-steps", type=int, default=20)
    p.add_argument("--updates", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    net = Autoencoder(a.features, [int(h) for h in a.hidden.split(",")], a.latent)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-4)
    data = torch.rand(10_000, a.features)
    buffer = torch.zeros(10_000, a.latent)
    stored, position = 0, 0
    totals = {"latent": 0.0, "input": 0.0, "update": 0.0}

    for u in range(a.warmup + a.updates):
        positives = data[torch.randint(0, len(data), (a.batch,))]
        started = time.perf_counter()
        for q in net.parameters():
            q.requires_grad_(False)
        net.eval()
        replay = int((torch.rand(a.batch) < 0.95).sum()) if stored > 0 else 0
        fresh = Autoencoder.sphere(torch.randn(a.batch - replay, a.latent))
        z0 = torch.cat([buffer[torch.randint(0, stored, (replay,))], fresh]) if replay > 0 else fresh
        z = langevin(lambda v: net.energy(net.decode(v)), z0, a.latent_steps, 0.2, 0.05, False, None, Autoencoder.sphere)
        index = (torch.arange(a.batch) + position) % len(buffer)
        buffer[index] = z
        position, stored = (position + a.batch) % len(buffer), min(stored + a.batch, len(buffer))
        latent_done = time.perf_counter()
        with torch.no_grad():
            x0 = net.decode(z)
        negatives = langevin(net.energy, x0, a.input_steps, 10.0, 0.05, True, 0.01, lambda v: v.clamp(0, 1))
        input_done = time.perf_counter()
        for q in net.parameters():
            q.requires_grad_(True)
        net.train()
        optimizer.zero_grad()
        e_pos, e_neg = net.energy(positives), net.energy(negatives)
        loss = (e_pos.mean() - e_neg.mean()) + e_neg.square().mean()
        loss = loss + 1e-4 * torch.stack([q.square().sum() for q in net.encoder.parameters()]).sum()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            diagnostics = [loss.item(), e_pos.mean().item(), e_neg.mean().item(), net.energy(x0).mean().item(),
                           negatives.mean().item(), negatives.std().item()]
        done = time.perf_counter()
        if u >= a.warmup:
            totals["latent"] += latent_done - started
            totals["input"] += input_done - latent_done
            totals["update"] += done - input_done

    result = {k + "_ms": 1000 * v / a.updates for k, v in totals.items()}
    result.update(torch=torch.__version__, threads=torch.get_num_threads())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
