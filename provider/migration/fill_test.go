package migration

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

// tfResource is a managed resource of `terraform show -json`'s values
// representation (https://developer.hashicorp.com/terraform/internals/json-format#values-representation).
type tfResource struct {
	Address string         `json:"address"`
	Mode    string         `json:"mode"`
	Type    string         `json:"type"`
	Name    string         `json:"name"`
	Values  map[string]any `json:"values"`
}

// referenceState is the state of a stack that calls the reference module
// as module "immutable_aws_backup" (its README's name), holding what the
// lookups of reference.yaml read, each module's resources in its own
// child_modules entry.
func referenceState(t *testing.T, extra ...tfResource) []byte {
	t.Helper()
	const m = `module.immutable_aws_backup.module.deployment["website-service"]`
	const r = m + `.module.region["eu-west-2"]`
	regional := []tfResource{
		{r + ".aws_cloudwatch_event_target.event_bus_to_cloudwatch", "managed", "aws_cloudwatch_event_target", "event_bus_to_cloudwatch",
			map[string]any{"target_id": "terraform-20250101000000000000000001"}},
		{r + ".aws_cloudwatch_event_target.default_to_event_bus", "managed", "aws_cloudwatch_event_target", "default_to_event_bus",
			map[string]any{"target_id": "terraform-20250101000000000000000002"}},
		{r + ".aws_cloudwatch_event_target.backup_ingest", "managed", "aws_cloudwatch_event_target", "backup_ingest",
			map[string]any{"target_id": "terraform-20250101000000000000000003"}},
	}
	deployment := append([]tfResource{
		{m + ".aws_organizations_policy.backup_policy", "managed", "aws_organizations_policy", "backup_policy",
			map[string]any{"id": "p-12345678"}},
		{m + ".aws_kms_key.key", "managed", "aws_kms_key", "key",
			map[string]any{"key_id": "1234abcd-12ab-34cd-56ef-1234567890ab"}},
		// A data source at the same address shape is never a match.
		{m + ".aws_kms_key.key", "data", "aws_kms_key", "key", map[string]any{"key_id": "wrong"}},
	}, extra...)
	state := map[string]any{
		"format_version": "1.0",
		"values": map[string]any{"root_module": map[string]any{
			"child_modules": []any{map[string]any{
				"address": "module.immutable_aws_backup",
				"child_modules": []any{map[string]any{
					"address":   m,
					"resources": deployment,
					"child_modules": []any{map[string]any{
						"address": r, "resources": regional,
					}},
				}},
			}},
		}},
	}
	data, err := json.Marshal(state)
	require.NoError(t, err)
	return data
}

func TestFillCompletesEveryLookup(t *testing.T) {
	cfg, ctx, plan := example(t, "reference")
	file := Import(cfg, ctx, plan, "backup")
	filled, err := Fill(file, referenceState(t))
	require.NoError(t, err)
	ids := map[string]string{}
	for _, r := range filled.Resources {
		assert.NotContains(t, r.ID, "{{", r.Name)
		ids[r.Type] += r.ID + " "
	}
	assert.Equal(t, "p-12345678 ", ids[desired.OrganizationsPolicy])
	assert.Equal(t, "ou-abcd-defghijk:p-12345678 ", ids[desired.OrganizationsAttachment])
	assert.Equal(t, "1234abcd-12ab-34cd-56ef-1234567890ab ", ids[desired.KMSKey])
	assert.Contains(t, ids[desired.EventTarget],
		"backup-events-to-immutable-aws-backup-website-service-event-bus/terraform-20250101000000000000000002 ")
	assert.Contains(t, file.Resources[2].ID, "{{terraform", "Fill leaves its argument as it was")
}

func TestFillNamesEveryLookupItCannotComplete(t *testing.T) {
	cfg, ctx, plan := example(t, "reference")
	file := Import(cfg, ctx, plan, "backup")
	// A second instance of the module holds another policy.
	second := tfResource{`module.other.module.deployment["website-service"].aws_organizations_policy.backup_policy`,
		"managed", "aws_organizations_policy", "backup_policy", map[string]any{"id": "p-87654321"}}
	_, err := Fill(file, referenceState(t, second))
	require.Error(t, err)
	lines := strings.Split(err.Error(), "\n")
	assert.Len(t, lines, 2, "the policy and its attachment")
	assert.Contains(t, lines[0], `module.deployment["website-service"].aws_organizations_policy.backup_policy matches 2 resources`)

	empty := []byte(`{"format_version":"1.0","values":{"root_module":{}}}`)
	_, err = Fill(file, empty)
	require.Error(t, err)
	assert.Len(t, strings.Split(err.Error(), "\n"), 6, "every lookup of the file")
	assert.Contains(t, err.Error(), `resources[17] backup-website-service-key-eu-west-2: no resource module.deployment["website-service"].aws_kms_key.key in the Terraform state`)

	_, err = Fill(file, []byte("not json"))
	assert.ErrorContains(t, err, "terraform show -json")
}
