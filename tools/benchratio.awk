# Reads `go test -bench 'Benchmark(Construct|Floor|Build)'` output and prints, per
# size, the cost of constructing OrgBackup over registering as many bare
# resources, the share of it the pure pipeline (central.Build) takes, and how
# construction scales from 20 to 100 deployments.
/^Benchmark(Construct|Floor|Build)\/deployments=/ {
	split($1, name, "/")
	sub(/-[0-9]+$/, "", name[2])
	n = name[2]; sub(/deployments=/, "", n)
	kind = tolower(substr(name[1], 10))
	ns[kind, n] = $3
	for (i = 4; i <= NF; i++) if ($(i) == "resources/op") resources[n] = $(i - 1)
	sizes[n] = 1
}
END {
	printf "%-12s %10s %14s %14s %8s %16s %12s\n", "deployments", "resources", "construct ms", "floor ms", "ratio",
		"construct µs/res", "build/floor"
	for (n in sizes) order[n + 0] = n
	for (i = 0; i <= 1000; i++) if (i in order) {
		n = order[i]
		printf "%-12s %10d %14.1f %14.1f %7.2fx %16.1f %11.2fx\n", n, resources[n], ns["construct", n] / 1e6,
			ns["floor", n] / 1e6, ns["construct", n] / ns["floor", n], ns["construct", n] / 1e3 / resources[n],
			ns["build", n] / ns["floor", n]
	}
	printf "scaling 100/20: construct %.2fx, floor %.2fx (resources %.2fx)\n", ns["construct", 100] / ns["construct", 20],
		ns["floor", 100] / ns["floor", 20], resources[100] / resources[20]
}
