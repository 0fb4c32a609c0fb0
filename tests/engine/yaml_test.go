//go:build engine

package engine

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// The RAM share of the air-gapped vaults names the example's OU, so accounts
// that join it later can restore too
// (https://docs.aws.amazon.com/ram/latest/APIReference/API_CreateResourceShare.html).
const exampleOUPrincipal = "arn:aws:organizations::999999999999:ou/o-abcd1234ef/ou-abcd-defghijk"

// TestYAMLExampleLifecycle runs examples/yaml through the CLI and the YAML
// language host: preview, up, a second preview, up and refresh that must
// change nothing, and destroy, which must never reach Delete for a
// retained resource.
func TestYAMLExampleLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	program, err := os.ReadFile("../../examples/yaml/Pulumi.yaml")
	require.NoError(t, err)
	stack := h.yamlStack("yaml", string(program), World{})

	mark := h.mark()
	preview, err := stack.Preview(ctx)
	require.NoError(t, err)
	assert.Empty(t, changing(h.calls(mark)), "a preview changes nothing")

	mark = h.mark()
	up, err := stack.Up(ctx)
	require.NoError(t, err)
	resources := h.resources(stack)
	created := byMethod(h.calls(mark), "Create")
	assert.Equal(t, resourceURNs(resources, func(stateResource) bool { return true }), urns(created),
		"up creates every resource of the state once")
	assert.Equal(t, preview.ChangeSummary["create"], (*up.Summary.ResourceChanges)["create"],
		"the preview announced what up created")
	assertRetention(t, resources)
	t.Logf("up: %d resources created, %d calls to the double", len(created), len(h.calls(mark)))

	// The component's own ARN of the locked vault is the one the provider gave it.
	arn := up.Outputs["standardVaultArn"].Value.(string)
	assert.Contains(t, outputsOf(resources, "arn"), arn)
	for _, r := range resources {
		if r.Type == desired.RAMResourceShare {
			assert.Equal(t, []any{exampleOUPrincipal}, r.Inputs["principals"], "the share goes to the target OU")
		}
	}

	mark = h.mark()
	_, err = stack.Preview(ctx, optpreview.ExpectNoChanges())
	require.NoError(t, err)
	_, err = stack.Up(ctx, optup.ExpectNoChanges())
	require.NoError(t, err)
	_, err = stack.Refresh(ctx, optrefresh.ExpectNoChanges())
	require.NoError(t, err)
	assert.Empty(t, changing(h.calls(mark)), "no-op preview, up and refresh change nothing")
	assert.Len(t, byMethod(h.calls(mark), "Read"), len(resources), "refresh reads every resource")

	assertDestroyKeepsRetained(t, h, stack, resources)
}

// TestInvalidExampleFailsPreview runs the invalid example organization as a
// YAML program: preview fails with the problems render reports, and up
// creates nothing.
func TestInvalidExampleFailsPreview(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	h := newHarness(t)
	const config = "../../examples/config/invalid/reference-readme.yaml"
	data, err := os.ReadFile(config)
	require.NoError(t, err)
	var inputs map[string]any
	require.NoError(t, yaml.Unmarshal(data, &inputs))
	delete(inputs, "context") // what render is told, the component looks up
	program, err := yaml.Marshal(map[string]any{
		"name": "orgbackup-invalid", "runtime": "yaml",
		"resources": map[string]any{"backup": map[string]any{"type": "orgbackup:index:OrgBackup", "properties": inputs}},
	})
	require.NoError(t, err)

	rendered, err := exec.Command("../../bin/orgbackup", "render", "--config", config, "--out", t.TempDir()).CombinedOutput()
	require.Error(t, err, "render refuses the invalid example")
	var problems []string
	for _, line := range strings.Split(string(rendered), "\n") {
		if strings.HasPrefix(line, "  ") {
			problems = append(problems, strings.TrimSpace(line))
		}
	}
	require.NotEmpty(t, problems, "render names the problems:\n%s", rendered)

	stack := h.yamlStack("invalid", string(program), World{})
	mark := h.mark()
	_, err = stack.Preview(ctx)
	require.Error(t, err)
	for _, p := range problems {
		assert.Contains(t, err.Error(), p)
	}
	_, err = stack.Up(ctx)
	require.Error(t, err)
	assert.Empty(t, changing(h.calls(mark)), "nothing is created")
	assert.Empty(t, h.resources(stack))
}
