# Reads `go test -bench BenchmarkEngine` output (tests/engine) and prints,
# per size and operation, the wall time, the orgbackup plugin's CPU per wall
# second, the double's share, invokes and registrations, then how each
# operation scales from 20 to 100 deployments.
/^BenchmarkEngine\/deployments=/ {
	split($1, name, "/")
	n = name[2]; sub(/deployments=/, "", n)
	op = name[3]; sub(/-[0-9]+$/, "", op)
	ns[n, op] = $3
	for (i = 4; i <= NF; i++) metric[n, op, $(i)] = $(i - 1)
	sizes[n] = 1
}
END {
	printf "%-12s %-8s %10s %16s %12s %9s %14s\n", "deployments", "op", "wall s", "plugin cpu/wall", "double/wall", "invokes", "registrations"
	for (n in sizes) order[n + 0] = n
	for (i = 0; i <= 1000; i++) if (i in order) for (j = 1; j <= 2; j++) {
		n = order[i]; op = (j == 1) ? "preview" : "up"
		printf "%-12s %-8s %10.2f %16.2f %12.3f %9d %14d\n", n, op, ns[n, op] / 1e9, metric[n, op, "plugin-cpu/wall"],
			metric[n, op, "double/wall"], metric[n, op, "invokes/op"], metric[n, op, "registrations/op"]
	}
	for (j = 1; j <= 2; j++) {
		op = (j == 1) ? "preview" : "up"
		printf "scaling 100/20 %s: wall %.2fx for %.2fx the registrations\n", op, ns[100, op] / ns[20, op],
			metric[100, op, "registrations/op"] / metric[20, op, "registrations/op"]
	}
}
