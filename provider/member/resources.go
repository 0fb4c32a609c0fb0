package member

import (
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
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
func Resources(in Input, account Account) []desired.Resource {
	d := Describe(in)
	var out []desired.Resource
	add := func(r desired.Resource) {
		if r.Region != "" && r.Region != account.Region && !strings.HasPrefix(r.Type, desired.ProviderPrefix) {
			r.Provider = desired.ProviderName("aws", r.Region)
		}
		out = append(out, r)
	}
	for _, region := range in.Regions {
		if region != account.Region {
			add(desired.RegionalProvider("aws", region))
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
		for _, res := range desired.RoleResources(r.ID, r.Name, in.Deployment,
			"orgbackup member account role of the "+in.Deployment+" deployment.",
			resolve(r.Trust.JSON(), ""), inline, r.Managed) {
			add(res)
		}
	}
	if d.ServiceLinkedRole && !account.BackupServiceLinkedRoleExists {
		add(desired.ServiceLinkedRole(ServiceLinkedRoleID))
	}
	for _, region := range in.Regions {
		for _, v := range d.Vaults {
			name := v.ID + "-" + region
			inputs := map[string]any{"name": v.Name, "tags": desired.ComponentTags{}}
			if v.KeyARN != "" {
				inputs["kmsKeyArn"] = resolve(v.KeyARN, region)
			}
			// Recovery points outlive the stack: Pulumi never deletes a vault,
			// and a stack created again adopts the vaults it left behind.
			add(desired.Resource{Type: desired.BackupVault, Name: name, PhysicalName: v.Name,
				Deployment: in.Deployment, Region: region, Inputs: inputs, RetainOnDelete: true, Adopt: true})
			add(desired.Resource{Type: desired.BackupVaultPolicy, Name: name + "-policy",
				Deployment: in.Deployment, Region: region,
				Inputs: map[string]any{"backupVaultName": desired.Out(name, "name"), "policy": resolve(v.Policy.JSON(), region)}})
		}
		rule := d.Rule.ID + "-" + region
		add(desired.Resource{Type: desired.EventRule, Name: rule, PhysicalName: d.Rule.Name,
			Deployment: in.Deployment, Region: region,
			Inputs: map[string]any{"name": d.Rule.Name, "eventPattern": resolve(d.Rule.Pattern.JSON(), region),
				"description": "Forwards the " + in.Deployment + " deployment's AWS Backup events to its central event bus.",
				"tags":        desired.ComponentTags{}}})
		add(desired.Resource{Type: desired.EventTarget, Name: rule + "-target",
			Deployment: in.Deployment, Region: region,
			Inputs: map[string]any{"rule": desired.Out(rule, "name"), "targetId": "CentralEventBus",
				"arn": resolve(d.Rule.Target, region), "roleArn": resolve(d.Rule.RoleARN, region)},
			DependsOn: []string{EventForwarderRoleID + "-policy"}})
	}
	return out
}
