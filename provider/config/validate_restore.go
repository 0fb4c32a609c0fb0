package config

// validateRestoreDestinations checks deployments.<key>.restoreDestinationAccountIds:
// 12-digit account ids, each once. The restore workflow compares them with
// the destinationAccount of its input as strings, so an id written another
// way would never match.
func (d Deployment) validateRestoreDestinations(ps *Problems, path string) {
	checkUnique(ps, path+".restoreDestinationAccountIds", d.RestoreDestinationAccountIDs, func(p, id string) {
		if !accountPattern.MatchString(id) {
			ps.Add(p, "%q is not a 12-digit account id: list the account ids (12 digits, as AWS writes them, "+
				"leading zeros kept) that any recovery point of the deployment may be restored into besides its origin account", id)
		}
	})
}
