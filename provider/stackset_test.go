package provider

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// Every template parameter, those with a default included, must be given to
// a StackSet, or every update shows a parameters diff
// (https://www.pulumi.com/registry/packages/aws/api-docs/cloudformation/stackset/):
// for every example config, with and without component tags.
func TestStackSetParametersCoverTheirTemplate(t *testing.T) {
	paths, err := filepath.Glob("../examples/config/*.yaml")
	require.NoError(t, err)
	for _, path := range paths {
		example := strings.TrimSuffix(filepath.Base(path), ".yaml")
		for name, tags := range map[string]map[string]string{"no tags": nil, "tags": {"team": "backup"}} {
			t.Run(example+"/"+name, func(t *testing.T) {
				args := exampleArgs(t, example)
				args.Tags = nil
				if tags != nil {
					args.Tags = pulumi.ToStringMap(tags)
				}
				m, _, err := run(args)
				require.NoError(t, err)
				stackSets := m.ofType(desired.CloudFormationStackSet)
				if args.MemberAccountResources != nil && string(*args.MemberAccountResources) != config.StackSet {
					assert.Empty(t, stackSets)
					return
				}
				require.NotEmpty(t, stackSets)
				for _, s := range stackSets {
					var template struct{ Parameters map[string]any }
					require.NoError(t, json.Unmarshal([]byte(s.Inputs["templateBody"].StringValue()), &template))
					params := s.Inputs["parameters"].ObjectValue()
					for key := range template.Parameters {
						value, sent := params[resource.PropertyKey(key)]
						require.True(t, sent, "%s: template parameter %s is not sent", s.Name, key)
						assert.False(t, value.IsNull(), "%s: template parameter %s is null", s.Name, key)
					}
					assert.Len(t, params, len(template.Parameters), "%s: only template parameters", s.Name)
					want := `{}`
					if tags != nil {
						want = `{"team":"backup"}`
					}
					assert.Equal(t, want, params["VaultTags"].StringValue())
				}
			})
		}
	}
}
