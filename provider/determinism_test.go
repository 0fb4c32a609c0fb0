package provider

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// childInputs is every registered child's inputs, serialized, by name.
func childInputs(t *testing.T, m *mocks) string {
	t.Helper()
	var lines []string
	for name, c := range m.byName() {
		data, err := json.Marshal(c.Inputs.Mappable())
		require.NoError(t, err)
		lines = append(lines, name+" "+string(data))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// Fifty constructions of each example organization register byte-identical
// inputs: a non-deterministic policy or template would be a perpetual diff.
func TestFiftyConstructionsAreIdentical(t *testing.T) {
	paths, err := filepath.Glob("../examples/config/*.yaml")
	require.NoError(t, err)
	for _, path := range paths {
		example := strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(example, func(t *testing.T) {
			args := exampleArgs(t, example)
			m, _, err := run(args)
			require.NoError(t, err)
			first := childInputs(t, m)
			for range 49 {
				again, _, err := run(exampleArgs(t, example))
				require.NoError(t, err)
				require.Equal(t, first, childInputs(t, again))
			}
		})
	}
}
