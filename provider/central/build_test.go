package central

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

// Build runs every validator even when an earlier one finds problems, so
// the problems of every validator come back together, sorted by path.
func TestBuildReturnsEveryValidatorsProblemsSortedByPath(t *testing.T) {
	file := load(t, "../../examples/config/reference.yaml")
	d := file.Config.Deployments["website-service"]
	d.AdminRoleNames = []string{strings.Repeat("r", 64)}
	for i := range 60 {
		d.AdminRoleNames = append(d.AdminRoleNames, strings.Repeat("a", 60)+string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	d.MinRetentionDays = ptr(400) // the configuration's rules: min > max
	file.Config.Deployments["website-service"] = d

	_, err := Build(file.Config, file.Context)
	var ps config.Problems
	require.ErrorAs(t, err, &ps)
	var messages []string
	for _, p := range ps {
		messages = append(messages, p.String())
	}
	joined := strings.Join(messages, "\n")
	assert.Contains(t, joined, "minRetentionDays", "the configuration's rules")
	assert.Contains(t, joined, "guard SCP", "the guard SCP's size, checked despite the configuration's problems")
	assert.True(t, slices.IsSortedFunc(ps, func(a, b config.Problem) int { return strings.Compare(a.Path, b.Path) }),
		"sorted by path: %s", joined)
}

func TestBuildOfAValidConfigurationPlansItsResources(t *testing.T) {
	file := load(t, "../../examples/config/reference.yaml")
	built, err := Build(file.Config, file.Context)
	require.NoError(t, err)
	resources, _ := plan(built.Config, file.Context, built.Documents)
	assert.Equal(t, resources, built.Resources)
	assert.NotEmpty(t, built.Documents)
	assert.Contains(t, built.Deployments, "website-service")
}

// A configuration without a region (no regions, no context.region) is
// refused with its path, not a crash of a later validator.
func TestBuildWithoutARegion(t *testing.T) {
	file := load(t, "../../examples/config/reference.yaml")
	file.Context.Region = ""
	file.Config.Regions = nil
	_, err := Build(file.Config, file.Context)
	var ps config.Problems
	require.ErrorAs(t, err, &ps)
	assert.Contains(t, ps.Error(), "regions")
}

func TestBuildRefusesEveryInvalidExample(t *testing.T) {
	paths, err := filepath.Glob("../../examples/config/invalid/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, path := range paths {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		file, err := config.Load(data)
		if err != nil {
			continue // refused when loading
		}
		_, err = Build(file.Config, file.Context)
		var ps config.Problems
		assert.True(t, errors.As(err, &ps) && len(ps) > 0, "%s: %v", path, err)
	}
}

// FuzzBuild: whatever the inputs, Build returns resources or a list of
// problems, each with a path and a message; it never panics, even when
// validators run over a configuration an earlier one refused.
func FuzzBuild(f *testing.F) {
	for _, path := range []string{"../../examples/config/reference.yaml", "../../examples/config/lag-pitr.yaml"} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("deployments: {web: {backupTargets: [ou-abcd-defghijk], plans: {p: {rules: [{scheduleExpression: " +
		"'cron(0 3 ? * * *)'}]}}}}\ncontext: {partition: aws}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := config.Load(data)
		if err != nil {
			return
		}
		// The file's own context, however incomplete: render takes it as it is.
		if _, err := Build(file.Config, file.Context); err != nil {
			var ps config.Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("not a list of problems: %v", err)
			}
			for _, p := range ps {
				if p.Path == "" || p.Message == "" {
					t.Fatalf("problem without path or message: %q", p.String())
				}
			}
		}
	})
}

func load(t testing.TB, path string) config.File {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	file, err := config.Load(data)
	require.NoError(t, err)
	return file
}

func ptr[T any](v T) *T { return &v }
