package member

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/orgbackup/pulumi-orgbackup/provider/audit"
	"github.com/orgbackup/pulumi-orgbackup/provider/desired"
)

var auditedFramework = audit.Framework{Name: "org_web_member_controls", Description: "controls",
	Controls: []audit.Control{
		{Name: audit.ResourcesProtectedByBackupPlan, Scope: audit.Scope{Tags: map[string]string{"backup": ""}}},
		{Name: audit.LastRecoveryPointCreated, Parameters: map[string]string{"recoveryPointAgeUnit": "hours",
			"recoveryPointAgeValue": "32"}},
		{Name: audit.ResourcesInAirGappedVault, Scope: audit.Scope{ResourceTypes: []string{"EBS", "EC2"}},
			Parameters: map[string]string{"recoveryPointAgeUnit": "hours", "recoveryPointAgeValue": "32"}},
	}}

// The member framework is in every member account and region, in both
// shapes: the StackSet template's AWS::Backup::Framework
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-backup-framework.html)
// and the MemberAccount component's framework per region.
func TestAuditFrameworkInBothShapes(t *testing.T) {
	in := web
	in.AuditFramework = &auditedFramework
	framework := resources(t, in)[AuditFrameworkID]
	require.NotNil(t, framework, "the template has the framework")
	assert.Equal(t, "AWS::Backup::Framework", framework["Type"])
	props := framework["Properties"].(map[string]any)
	assert.Equal(t, "org_web_member_controls", props["FrameworkName"])
	assert.Equal(t, []any{
		map[string]any{"ControlName": audit.ResourcesProtectedByBackupPlan,
			"ControlScope": map[string]any{"Tags": []any{map[string]any{"Key": "backup", "Value": ""}}}},
		map[string]any{"ControlName": audit.LastRecoveryPointCreated, "ControlInputParameters": []any{
			map[string]any{"ParameterName": "recoveryPointAgeUnit", "ParameterValue": "hours"},
			map[string]any{"ParameterName": "recoveryPointAgeValue", "ParameterValue": "32"}}},
		map[string]any{"ControlName": audit.ResourcesInAirGappedVault,
			"ControlScope": map[string]any{"ComplianceResourceTypes": []any{"EBS", "EC2"}},
			"ControlInputParameters": []any{
				map[string]any{"ParameterName": "recoveryPointAgeUnit", "ParameterValue": "hours"},
				map[string]any{"ParameterName": "recoveryPointAgeValue", "ParameterValue": "32"}}},
	}, props["FrameworkControls"])

	in.KMSKeyID = "key-id"
	byName := map[string]desired.Resource{}
	for _, r := range Resources(in, Account{ID: "222222222222", Region: "eu-west-2"}) {
		byName[r.Name] = r
	}
	for _, region := range in.Regions {
		r, ok := byName[AuditFrameworkID+"-"+region]
		require.True(t, ok, region)
		assert.Equal(t, desired.BackupFramework, r.Type)
		assert.Equal(t, region, r.Region)
		assert.Equal(t, "org_web_member_controls", r.Inputs["name"])
		assert.Len(t, r.Inputs["controls"], 3)
		assert.False(t, r.RetainOnDelete, "a framework holds no evidence")
	}
}

// Without audit reports, neither shape has a framework.
func TestNoAuditFrameworkWithoutAuditReports(t *testing.T) {
	assert.NotContains(t, resources(t, web), AuditFrameworkID)
	in := web
	in.KMSKeyID = "key-id"
	for _, r := range Resources(in, Account{ID: "222222222222", Region: "eu-west-2"}) {
		assert.NotEqual(t, desired.BackupFramework, r.Type, r.Name)
	}
}
