package cost

import (
	"fmt"

	"github.com/orgbackup/pulumi-orgbackup/provider/audit"
	"github.com/orgbackup/pulumi-orgbackup/provider/config"
)

// PeriodicEvaluationsPerMonth is how many times a month AWS evaluates a
// periodic control for each resource in its scope: every 24 hours
// (audit.Control.Periodic), over the estimate's month of 730 hours.
const PeriodicEvaluationsPerMonth = float64(HoursPerMonth) / 24

// CentralCopiesPerRecoveryPoint is how many copies the backup account
// holds of each member recovery point of a copying plan: the transit copy
// in the intermediate vault, then the locked copy (a copy straight into a
// logically air-gapped vault is one; the estimate counts two).
const CentralCopiesPerRecoveryPoint = 2

// ConfigItemsPerRecoveryPoint are the AWS Config configuration items a
// recovery point makes over its life: one when it is created and one when
// it expires (AWS::Backup::RecoveryPoint, which Backup Audit Manager's
// recovery point controls need recorded:
// https://docs.aws.amazon.com/aws-backup/latest/devguide/choosing-controls.html).
const ConfigItemsPerRecoveryPoint = 2

// frameworkEvaluations are the control evaluations a month of framework f
// in one account and Region with resources in its controls' scope and
// recoveryPoints new recovery points, and the formula that says so.
func frameworkEvaluations(f audit.Framework, resources, recoveryPoints float64) (float64, string) {
	periodic, perRecoveryPoint := 0, 0
	for _, c := range f.Controls {
		switch {
		case c.Periodic():
			periodic++
		case c.EvaluatesRecoveryPoints():
			perRecoveryPoint++
		}
	}
	n := float64(periodic)*resources*PeriodicEvaluationsPerMonth + float64(perRecoveryPoint)*recoveryPoints
	return n, fmt.Sprintf("(%d daily controls × %g resources × %.2f days + %d recovery point controls × %g recovery points)",
		periodic, resources, PeriodicEvaluationsPerMonth, perRecoveryPoint, recoveryPoints)
}

// centralAuditLines are the lines of the backup account's framework in a
// Region: its control evaluations of the central copies of every audited
// deployment's member recovery points, and the configuration items AWS
// Config records for them.
func (e estimator) centralAuditLines(g *Group, cfg config.Config) {
	f := audit.CentralFramework(cfg)
	if f == nil {
		return
	}
	copies := e.a.RecoveryPointsPerMonth * float64(e.a.MemberAccounts*len(cfg.AuditedDeployments())) *
		CentralCopiesPerRecoveryPoint
	n, formula := frameworkEvaluations(*f, 0, copies)
	g.add(e.line(Usage, "Backup Audit Manager control evaluations of the central copies ("+f.Name+")",
		BackupAuditEvaluation, n, formula+fmt.Sprintf(", %g recovery points × %d accounts × %d audited deployments × %d copies",
			e.a.RecoveryPointsPerMonth, e.a.MemberAccounts, len(cfg.AuditedDeployments()), CentralCopiesPerRecoveryPoint)))
	g.add(e.line(Usage, "AWS Config configuration items of the central copies", ConfigItem,
		copies*ConfigItemsPerRecoveryPoint, fmt.Sprintf("%g copies × %d items", copies, ConfigItemsPerRecoveryPoint)))
}

// memberAuditLines are the lines of a deployment's member framework in
// every member account and Region.
func (e estimator) memberAuditLines(g *Group, in audit.Framework, regions int) {
	accounts := float64(e.a.MemberAccounts * regions)
	n, formula := frameworkEvaluations(in, e.a.AuditedResources, e.a.RecoveryPointsPerMonth)
	g.add(e.line(Usage, "Backup Audit Manager control evaluations ("+in.Name+"), all accounts and Regions",
		BackupAuditEvaluation, n*accounts, fmt.Sprintf("%s × %d accounts × %d Regions", formula, e.a.MemberAccounts, regions)))
	g.add(e.line(Usage, "AWS Config configuration items of the member recovery points, all accounts and Regions", ConfigItem,
		e.a.RecoveryPointsPerMonth*ConfigItemsPerRecoveryPoint*accounts,
		fmt.Sprintf("%g recovery points × %d items × %d accounts × %d Regions", e.a.RecoveryPointsPerMonth,
			ConfigItemsPerRecoveryPoint, e.a.MemberAccounts, regions)))
}

// reportLines is the storage of a deployment's reports in its locked bucket.
func (e estimator) reportLines(g *Group) {
	g.add(e.line(Usage, "audit reports in the compliance-locked bucket, every version kept", S3StandardGBMonth,
		e.a.ReportGB, rateFormula(e.table, S3StandardGBMonth, e.a.ReportGB)))
}
