package member

import (
	"encoding/json"
	"regexp"
	"testing"
)

var placeholder = regexp.MustCompile(`\$\{([^}]*)\}`)

// FuzzTemplate builds member templates from arbitrary names, regions and
// admin roles: the template is always deterministic, valid JSON, and when
// the input passes Validate (as every caller's does) it fits the StackSet's
// limit and its only placeholders are CloudFormation's pseudo parameters and
// the key id parameter.
func FuzzTemplate(f *testing.F) {
	f.Add("web", "backup-", "org-backup-", "eu-west-2", "eu-west-1", "BackupAdmin", "7-90")
	f.Add("a", "", "", "us-gov-west-1", "", "", "0-0")
	f.Add("x\"y", "p${x}", "m}", "eu-west-2", "eu-west-2", "role/path", "")
	f.Add("web", "backup-", "${0", "eu-west-2", "eu-west-1", "BackupAdmin", "7-90")
	f.Add("web", "backup-", "org-", "eu-west-2", "eu-west-1", "${Admin}", "7-90")
	f.Fuzz(func(t *testing.T, deployment, central, memberPrefix, region1, region2, admin, vaultConfig string) {
		in := Input{
			Deployment: deployment, CentralAccountResourceNamePrefix: central, MemberAccountResourceNamePrefix: memberPrefix,
			Partition: "aws", OrganizationID: "o-abcd1234ef", CentralAccountID: "111111111111", KMSKeyID: "key",
			Regions: []string{region1, region2}, AdminRoleNames: []string{admin}, StandardVaultConfigs: []string{vaultConfig},
		}
		template := Template(in)
		if template != Template(in) {
			t.Fatal("the template is not deterministic")
		}
		var parsed map[string]any
		if err := json.Unmarshal([]byte(template), &parsed); err != nil {
			t.Fatalf("invalid JSON: %v", err)
		}
		if len(in.Validate()) > 0 {
			return
		}
		// Valid names are bounded; ValidateStackSet checks the size of any
		// template the central stack would deploy.
		if len(template) > StackSetTemplateLimit {
			t.Fatalf("template of %d bytes, over the StackSet's %d", len(template), StackSetTemplateLimit)
		}
		for _, m := range placeholder.FindAllStringSubmatch(template, -1) {
			switch m[1] {
			case "AWS::Partition", "AWS::Region", "AWS::AccountId", KMSKeyIDParameter:
			default:
				t.Fatalf("unexpected placeholder %s in a template of valid input", m[0])
			}
		}
	})
}
