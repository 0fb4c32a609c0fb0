package member

import (
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/planned"
)

// Account is what the MemberAccount component looks up in the account it
// runs in.
type Account struct {
	ID                            string
	Region                        string // the region of the component's provider
	BackupServiceLinkedRoleExists bool
}

// Resources plans the description for the MemberAccount component: the
// same roles, rule and vaults the template creates, as Pulumi resources,
// with the placeholders resolved for the account.
func Resources(in Input, account Account) []planned.Resource {
	d := Describe(in)
	var out []planned.Resource
	add := func(r planned.Resource) {
		if r.Region != "" && r.Region != account.Region && !strings.HasPrefix(r.Type, "pulumi:providers:") {
			r.Provider = planned.ProviderName("aws", r.Region)
		}
		out = append(out, r)
	}
	for _, region := range in.Regions {
		if region != account.Region {
			add(planned.RegionalProvider("aws", region))
		}
	}
	resolve := func(s, region string) string {
		return strings.NewReplacer(Partition, in.Partition, AccountID, account.ID, Region, region).Replace(s)
	}
	for _, r := range d.Roles {
		var inline string
		if r.Policy != nil {
			inline = resolve(r.Policy.JSON(), "")
		}
		for _, res := range planned.RoleResources(r.ID, r.Name, in.Deployment,
			"orgbackup member account role of the "+in.Deployment+" deployment.",
			resolve(r.Trust.JSON(), ""), inline, r.Managed) {
			add(res)
		}
	}
	if d.ServiceLinkedRole && !account.BackupServiceLinkedRoleExists {
		add(planned.ServiceLinkedRole(ServiceLinkedRoleID))
	}
	for _, region := range in.Regions {
		for _, v := range d.Vaults {
			name := v.ID + "-" + region
			inputs := map[string]any{"name": v.Name, "tags": planned.ComponentTags{}}
			if v.KeyARN != "" {
				inputs["kmsKeyArn"] = resolve(v.KeyARN, region)
			}
			// Recovery points outlive the stack: Pulumi never deletes a vault,
			// and a stack created again adopts the vaults it left behind.
			add(planned.Resource{Type: "aws:backup/vault:Vault", Name: name, PhysicalName: v.Name,
				Deployment: in.Deployment, Region: region, Inputs: inputs, RetainOnDelete: true, Adopt: true})
			add(planned.Resource{Type: "aws:backup/vaultPolicy:VaultPolicy", Name: name + "-policy",
				Deployment: in.Deployment, Region: region,
				Inputs: map[string]any{"backupVaultName": planned.Out(name, "name"), "policy": resolve(v.Policy.JSON(), region)}})
		}
		rule := d.Rule.ID + "-" + region
		add(planned.Resource{Type: "aws:cloudwatch/eventRule:EventRule", Name: rule, PhysicalName: d.Rule.Name,
			Deployment: in.Deployment, Region: region,
			Inputs: map[string]any{"name": d.Rule.Name, "eventPattern": resolve(d.Rule.Pattern.JSON(), region),
				"description": "Forwards the " + in.Deployment + " deployment's AWS Backup events to its central event bus.",
				"tags":        planned.ComponentTags{}}})
		add(planned.Resource{Type: "aws:cloudwatch/eventTarget:EventTarget", Name: rule + "-target",
			Deployment: in.Deployment, Region: region,
			Inputs: map[string]any{"rule": planned.Out(rule, "name"), "targetId": "CentralEventBus",
				"arn": resolve(d.Rule.Target, region), "roleArn": resolve(d.Rule.RoleARN, region)},
			DependsOn: []string{EventForwarderRoleID + "-policy"}})
	}
	return out
}
