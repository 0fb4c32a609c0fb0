package policy

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func load(t testing.TB, name string) config.File {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name+".yaml"))
	require.NoError(t, err)
	f, err := config.Load(data)
	require.NoError(t, err)
	return f
}

// golden renders the documents as the reviewer reads them: one header and
// the indented content per policy.
func golden(t testing.TB, docs []Document) []byte {
	var b bytes.Buffer
	for _, d := range docs {
		fmt.Fprintf(&b, "# policy %s (deployment %s, %d characters) attached to %v\n",
			d.Name, d.Deployment, len(d.Content), d.Targets)
		require.NoError(t, json.Indent(&b, []byte(d.Content), "", "  "))
		b.WriteString("\n")
	}
	return b.Bytes()
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./provider/policy -update to create the golden file")
	assert.Equal(t, string(want), string(got))
}

func TestGolden(t *testing.T) {
	for _, name := range []string{
		"no-tag-snapshot-off", "lag-windows-unnamed", "pitr-create-and-snapshot",
		"retained-vaults", "two-regions-two-deployments", "govcloud", "split",
	} {
		t.Run(name, func(t *testing.T) {
			f := load(t, name)
			cfg, err := config.Resolve(f.Config, f.Context)
			require.NoError(t, err)
			docs, err := Documents(cfg, f.Context)
			require.NoError(t, err)
			checkDocuments(t, docs)
			checkGolden(t, name, golden(t, docs))
		})
	}
}

// The reference README example breaks AWS name limits (which validation
// reports, the StackSet vault manager's role name among them); its policy is still the reference module's.
func TestReferenceReadmeExample(t *testing.T) {
	f := load(t, "reference-readme")
	cfg := f.Config.WithDefaults(f.Context)
	var problems []string
	for _, p := range cfg.Validate(f.Context) {
		problems = append(problems, p.String())
	}
	assert.Equal(t, []string{
		`deployments["website-service"]: backup vault name "orgdeploy-immutable-aws-backup-website-service-default" is 54 characters, exceeds 50: shorten memberAccountResourceNamePrefix "orgdeploy-immutable-aws-backup-" or the deployment name "website-service" by 4 characters`,
		`deployments["website-service"]: IAM role name "orgdeploy-immutable-aws-backup-website-service-backup-service-role" is 66 characters, exceeds 64: shorten memberAccountResourceNamePrefix "orgdeploy-immutable-aws-backup-" or the deployment name "website-service" by 2 characters`,
		`deployments["website-service"]: IAM role name "orgdeploy-immutable-aws-backup-website-service-vault-manager-eu-west-2" is 70 characters, exceeds 64 (built for region eu-west-2, the longest name in regions): shorten memberAccountResourceNamePrefix "orgdeploy-immutable-aws-backup-" or the deployment name "website-service" by 6 characters`,
		`deployments["website-service"]: backup vault name "orgdeploy-immutable-aws-backup-website-service-locked-7-90" is 58 characters, exceeds 50: shorten memberAccountResourceNamePrefix "orgdeploy-immutable-aws-backup-" or the deployment name "website-service" by 8 characters`,
	}, problems)
	docs, err := Documents(cfg, f.Context)
	require.NoError(t, err)
	checkDocuments(t, docs)
	checkGolden(t, "reference-readme", golden(t, docs))
}

// checkDocuments asserts what holds for every policy: minified JSON with
// sorted keys (what Terraform's jsonencode writes), within the size limit.
func checkDocuments(t testing.TB, docs []Document) {
	t.Helper()
	for _, d := range docs {
		assert.LessOrEqual(t, len(d.Content), MaxPolicyCharacters, d.Name)
		var parsed any
		require.NoError(t, json.Unmarshal([]byte(d.Content), &parsed), d.Name)
		canonical, err := json.Marshal(parsed)
		require.NoError(t, err)
		assert.Equal(t, string(canonical), d.Content, "%s is minified with sorted keys", d.Name)
		var keys []string
		for k := range parsed.(map[string]any)["plans"].(map[string]any) {
			keys = append(keys, k)
		}
		assert.ElementsMatch(t, keys, d.PlanKeys, d.Name)
	}
}

func TestSplitPacksRegionByRegion(t *testing.T) {
	f := load(t, "split")
	cfg, err := config.Resolve(f.Config, f.Context)
	require.NoError(t, err)
	docs, err := Documents(cfg, f.Context)
	require.NoError(t, err)
	var names []string
	for _, d := range docs {
		names = append(names, d.Name)
		assert.Equal(t, []string{"ou-abcd-defghijk"}, d.Targets)
	}
	assert.Equal(t, []string{"backup-web", "backup-web.2", "backup-web.3"}, names)
	assert.Equal(t, []string{"backup-web-gold-lag-usw2", "backup-web-gold-pitr-usw2", "backup-web-gold-std-usw2"},
		docs[2].PlanKeys, "the last region's plans fill the last policy")
	// Adding a region leaves every policy but the last as it was.
	cfg.Regions = append(cfg.Regions, "ap-southeast-2")
	more, err := Documents(cfg, f.Context)
	require.NoError(t, err)
	assert.Equal(t, docs[:2], more[:2])
}

func TestTooManyPoliciesOnOneOU(t *testing.T) {
	f := load(t, "split")
	f.Regions = []string{"eu-west-2", "eu-west-1", "eu-west-3", "eu-central-1", "eu-north-1",
		"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
		"ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2", "ap-south-1",
		"af-south-1", "me-south-1", "il-central-1", "eu-south-1", "eu-central-2"}
	other := f.Deployments["web"]
	f.Deployments["api"] = other
	cfg, err := config.Resolve(f.Config, f.Context)
	require.NoError(t, err)
	_, err = Documents(cfg, f.Context)
	require.Error(t, err)
	assert.Equal(t, `invalid inputs (1 problem):
  deployments["api"].backupTargets[0]: "ou-abcd-defghijk" would have 28 backup policies attached (api: 14, web: 14); AWS allows 10 per OU, root or account`,
		err.Error())
}

func TestPlanAloneOverTheLimit(t *testing.T) {
	f := load(t, "split")
	p := f.Deployments["web"].Plans["gold"]
	// Every rule runs in a long list of years.
	var years []string
	for y := 2026; y < 2226-30; y++ {
		years = append(years, fmt.Sprint(y))
	}
	p.Rules = nil
	for i := range 10 {
		p.Rules = append(p.Rules, config.Rule{
			Name:               fmt.Sprint("rule", i),
			ScheduleExpression: fmt.Sprintf("cron(%d 3 ? * * %s)", i, strings.Join(years, ",")),
			DeleteAfterDays:    intPtr(30),
		})
	}
	f.Deployments["web"].Plans["gold"] = p
	f.Config.Regions = []string{"eu-west-2"}
	cfg, err := config.Resolve(f.Config, f.Context)
	require.NoError(t, err)
	_, err = Documents(cfg, f.Context)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `deployments["web"].plans["gold"]: plan "backup-web-gold-std-euw2" alone makes a `)
	assert.Contains(t, err.Error(), `-character policy; a backup policy holds at most 10000`)
}

func TestDocumentsAreDeterministic(t *testing.T) {
	f := load(t, "two-regions-two-deployments")
	cfg, err := config.Resolve(f.Config, f.Context)
	require.NoError(t, err)
	first, err := Documents(cfg, f.Context)
	require.NoError(t, err)
	for range 20 {
		again, err := Documents(cfg, f.Context)
		require.NoError(t, err)
		require.Equal(t, first, again)
	}
}

func TestResourceTypesAreSortedAndUnique(t *testing.T) {
	assert.Equal(t, []string{"arn:aws:rds:*:*:db:*", "arn:aws:s3:::*", "arn:aws:ssm-sap:*:*:HANA/*"},
		resourceTypes("aws", continuousCapable, snapshotFromContinuous))
	patterns := typesWhere(func(ResourceType) bool { return true })
	assert.Len(t, resourceTypes("aws", patterns), len(ResourceTypes), "each ARN pattern is one row of the table")
}

// With a central logically air-gapped vault, every type is in exactly one
// of a plan's std and lag plans, with the member vault as primary target or
// without; AWS schedules no copy between two logically air-gapped vaults
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html),
// so with it a fully managed type is never in the lag plan.
func TestEveryTypeIsInOneBackupPlan(t *testing.T) {
	for _, primary := range []bool{false, true} {
		p := config.Plan{UseLogicallyAirGappedVault: true, PrimaryBackupToLogicallyAirGappedVault: primary}
		for _, rt := range ResourceTypes {
			std, lag := Selects(p, config.StandardPlan, rt), Selects(p, config.LAGPlan, rt)
			assert.NotEqual(t, std, lag, "%s (primary %v)", rt.ARNPattern, primary)
			if primary && rt.FullyManaged {
				assert.False(t, lag, "%s: no scheduled copy from one air-gapped vault to another", rt.ARNPattern)
			}
		}
	}
}

// SelectionName takes 1 to 50 alphanumeric or '-_.' characters
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html).
func TestSelectionNamesAreValid(t *testing.T) {
	for _, name := range []string{selectionAllResources, selectionWithTag} {
		assert.Empty(t, naming.BackupSelectionName.Check(name), name)
	}
}

// The retention values the ingest may apply are exactly the positive tag
// values the backup policies write.
func TestRetentionTagValuesAreThePoliciesTags(t *testing.T) {
	for _, name := range []string{"no-tag-snapshot-off", "lag-windows-unnamed", "pitr-create-and-snapshot", "retained-vaults",
		"two-regions-two-deployments"} {
		t.Run(name, func(t *testing.T) {
			f := load(t, name)
			cfg, err := config.Resolve(f.Config, f.Context)
			require.NoError(t, err)
			docs, err := Documents(cfg, f.Context)
			require.NoError(t, err)
			for _, key := range cfg.DeploymentKeys() {
				written := map[string]map[string]bool{}
				for _, doc := range docs {
					if doc.Deployment != key {
						continue
					}
					var content struct {
						Plans map[string]struct {
							Rules map[string]struct {
								RecoveryPointTags map[string]struct {
									TagKey   map[string]string `json:"tag_key"`
									TagValue map[string]int    `json:"tag_value"`
								} `json:"recovery_point_tags"`
							} `json:"rules"`
						} `json:"plans"`
					}
					require.NoError(t, json.Unmarshal([]byte(doc.Content), &content))
					for _, p := range content.Plans {
						for _, r := range p.Rules {
							for _, tag := range r.RecoveryPointTags {
								if v := tag.TagValue["@@assign"]; v > 0 {
									if written[tag.TagKey["@@assign"]] == nil {
										written[tag.TagKey["@@assign"]] = map[string]bool{}
									}
									written[tag.TagKey["@@assign"]][strconv.Itoa(v)] = true
								}
							}
						}
					}
				}
				for tag, values := range RetentionTagValues(cfg.Deployments[key]) {
					var got []string
					for _, v := range values {
						got = append(got, strconv.Itoa(v))
					}
					var want []string
					for v := range written[tag] {
						want = append(want, v)
					}
					assert.ElementsMatch(t, want, got, "%s %s", key, tag)
				}
			}
		})
	}
}
