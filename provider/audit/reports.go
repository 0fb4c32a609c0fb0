package audit

import (
	"strings"

	"github.com/orgbackup/pulumi-orgbackup/provider/config"
	"github.com/orgbackup/pulumi-orgbackup/provider/naming"
)

// The report templates every audited deployment gets a report plan of
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/choosing-report-template.html):
// the jobs reports "give you daily updates on your backup, restore, or
// copy jobs", the compliance reports "track the compliance status of the
// controls you have defined in your frameworks" and "of your resources
// against the controls". ReportSetting takes Accounts, OrganizationUnits
// and Regions for every template
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ReportSetting.html),
// and "All account holders can create cross-Region reports; management and
// delegated administrator account holders can also create cross-account
// reports"
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/working-with-audit-reports.html):
// the backup account is AWS Backup's delegated administrator
// (docs/prerequisites.md), so each plan covers the deployment's targets and
// the backup account in every region of the deployment.
var ReportTemplates = []string{
	"BACKUP_JOB_REPORT", "COPY_JOB_REPORT", "RESTORE_JOB_REPORT", "CONTROL_COMPLIANCE_REPORT", "RESOURCE_COMPLIANCE_REPORT",
}

// ReportFormat is the only format of a report across accounts or regions:
// "Organization report only support CSV file"
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-report-plan-api.html).
const ReportFormat = "CSV"

// RootAccounts is the Accounts value of every account under the root:
// "Use string value of ROOT to include all organizational units"
// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ReportSetting.html).
const RootAccounts = "ROOT"

// ReportPlan is one report plan of a deployment, in the backup account's
// primary region.
type ReportPlan struct {
	Name        string
	Description string
	Template    string
	// Accounts are the backup account and, for a root target, ROOT.
	Accounts []string
	// OUTargets are the indexes of the deployment's backupTargets that are
	// OUs (or not known yet, which only an OU can be).
	OUTargets []int
	Regions   []string
}

// ReportPlans are deployment key's report plans, one per ReportTemplates,
// or none without auditReports.
func ReportPlans(cfg config.Config, ctx config.Context, key string) []ReportPlan {
	d := cfg.Deployments[key]
	if d.AuditReports == nil {
		return nil
	}
	accounts := []string{ctx.AccountID}
	var ous []int
	for i, t := range d.BackupTargets {
		if strings.HasPrefix(t, "r-") {
			accounts = append(accounts, RootAccounts)
			continue
		}
		ous = append(ous, i)
	}
	names := cfg.Names(key)
	out := make([]ReportPlan, len(ReportTemplates))
	for i, template := range ReportTemplates {
		out[i] = ReportPlan{
			Name: names.AuditReportPlan(template),
			Description: "Daily " + strings.ToLower(strings.ReplaceAll(template, "_", " ")) + " of the " + key +
				" deployment's accounts and the backup account, by orgbackup (docs/audit-reports.md).",
			Template: template, Accounts: accounts, OUTargets: ous, Regions: cfg.Regions,
		}
	}
	return out
}

// ReportPlanNames are the names of deployment key's report plans.
func ReportPlanNames(names naming.Deployment) []string {
	out := make([]string, len(ReportTemplates))
	for i, t := range ReportTemplates {
		out[i] = names.AuditReportPlan(t)
	}
	return out
}
