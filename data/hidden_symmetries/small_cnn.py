"""Batch functional dimension of small_cnn(c) at PyTorch's default initialisation vs D' = D - hidden channels."""
import csv, sys, time
from algnet.relu.data import small_cnn
from algnet.relu.torch_import import from_torch_model
from algnet.relu.symmetries import model_hidden_symmetries
out = sys.argv[1]
with open(out, "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["model", "channels", "seed", "parameters", "rescalings", "bound_Dprime", "batch_fd", "float64_rank",
                "points", "no_hidden_symmetries", "seconds"])
    for c in (1, 2, 3):
        for s in range(10):
            m = from_torch_model(small_cnn(c, seed=s), input_shape=(1, 8, 8))
            t = time.perf_counter()
            r = model_hidden_symmetries(m, seed=s, scale=8)
            w.writerow([f"small_cnn({c})", c, s, r["parameters"], r["rescalings"], r["bound"], r["batch_fd"],
                        r["float64_rank"], r["points"], r["no_hidden_symmetries"], round(time.perf_counter() - t, 2)])
            fh.flush()
