// Reads what `orgbackup render` wrote for one example (resources.json,
// policies-iam/, stacksets/) and the example's context block (the world the
// scenarios run in: organization, central account). Nothing else: the tier
// judges what would be deployed.
import fs from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'

// Pseudo parameters and template parameters of the member template, resolved
// for the simulated member account and region.
function substitute(text, vars) {
  return text.replace(/\$\{([A-Za-z0-9:]+)\}/g, (whole, name) => (name in vars ? vars[name] : whole))
}

// resolve evaluates the intrinsic functions the member template uses in its
// policies (Fn::Sub, Ref) for one account and region.
function resolve(node, vars) {
  if (typeof node === 'string') return node
  if (Array.isArray(node)) return node.map((n) => resolve(n, vars))
  if (node && typeof node === 'object') {
    if ('Fn::Sub' in node) {
      const arg = node['Fn::Sub']
      return substitute(typeof arg === 'string' ? arg : arg[0], vars)
    }
    if ('Ref' in node) {
      if (node.Ref in vars) return vars[node.Ref]
      throw new Error(`unresolved Ref ${node.Ref} in a policy`)
    }
    if ('Fn::GetAtt' in node) throw new Error(`Fn::GetAtt ${node['Fn::GetAtt']} in a policy`)
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v, vars)]))
  }
  return node
}

// assignedLiterals returns the variables a state machine definition assigns
// plain values (not JSONata expressions), such as the role names it uses.
function assignedLiterals(definition) {
  const vars = {}
  for (const state of Object.values(definition.States ?? {})) {
    for (const [k, v] of Object.entries(state.Assign ?? {})) {
      if (typeof v !== 'string' || !v.startsWith('{%')) vars[k] = v
    }
  }
  return vars
}

function readJSON(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'))
}

// A policy document with where it came from, for the table and the findings.
export class Doc {
  constructor(file, policy) {
    this.file = file
    this.policy = policy
  }
}

// The member resources of one deployment, as a function of the account and
// region they are deployed in: policies keyed by logical id.
class MemberSide {
  constructor(shape, source) {
    this.shape = shape // 'StackSet' or 'MemberAccountStacks'
    this.source = source
  }

  static fromTemplate(file, names) {
    const template = readJSON(file)
    return Object.assign(new MemberSide('StackSet', { file, template }), { names })
  }

  static fromDocuments(dir, names) {
    return Object.assign(new MemberSide('MemberAccountStacks', { dir }), { names })
  }

  vars(account, region, kmsKeyId) {
    return {
      'AWS::AccountId': account,
      'AWS::Region': region,
      'AWS::Partition': 'aws',
      KmsKeyId: kmsKeyId,
    }
  }

  // resource returns the template resource (StackSet) of a logical id.
  resource(id) {
    return this.source.template?.Resources?.[id]
  }

  has(id) {
    if (this.shape === 'StackSet') return Boolean(this.resource(id))
    return fs.readdirSync(this.source.dir).some((f) => f.startsWith(id + '.'))
  }

  // trust, policy and vaultPolicy return Doc or undefined.
  trust(id, account, region, kmsKeyId) {
    const vars = this.vars(account, region, kmsKeyId)
    if (this.shape === 'StackSet') {
      const r = this.resource(id)
      if (!r) return undefined
      return new Doc(`${this.source.file} Resources.${id}.Properties.AssumeRolePolicyDocument`,
        resolve(r.Properties.AssumeRolePolicyDocument, vars))
    }
    return this.documentFile(`${id}.trust.json`, vars)
  }

  policy(id, account, region, kmsKeyId) {
    const vars = this.vars(account, region, kmsKeyId)
    if (this.shape === 'StackSet') {
      const r = this.resource(id)
      if (!r?.Properties?.Policies?.length) return undefined
      const p = r.Properties.Policies[0]
      return new Doc(`${this.source.file} Resources.${id}.Properties.Policies[0] (${p.PolicyName})`,
        resolve(p.PolicyDocument, vars))
    }
    return this.documentFile(`${id}.policy.json`, vars)
  }

  vaultPolicy(id, account, region, kmsKeyId) {
    const vars = this.vars(account, region, kmsKeyId)
    if (this.shape === 'StackSet') {
      const r = this.resource(id)
      if (!r) return undefined
      return new Doc(`${this.source.file} Resources.${id}.Properties.AccessPolicy`,
        resolve(r.Properties.AccessPolicy, vars))
    }
    return this.documentFile(`${id}.policy.json`, vars)
  }

  // roleName is the role's name in account and region: the vault manager's
  // role is named per region (Fn::Sub of ${AWS::Region}).
  roleName(id, fallback, account, region) {
    if (this.shape === 'StackSet') {
      const name = this.resource(id)?.Properties?.RoleName
      return name === undefined ? fallback : resolve(name, this.vars(account, region))
    }
    return fallback
  }

  rolePath(id, fallback) {
    if (this.shape === 'StackSet') return this.resource(id)?.Properties?.Path ?? fallback
    return fallback
  }

  vaultName(id, fallback) {
    if (this.shape === 'StackSet') return this.resource(id)?.Properties?.BackupVaultName ?? fallback
    return fallback
  }

  documentFile(name, vars) {
    const file = path.join(this.source.dir, name)
    if (!fs.existsSync(file)) return undefined
    return new Doc(file, JSON.parse(substitute(fs.readFileSync(file, 'utf8'), vars)))
  }
}

// The resource types of the central vaults in resources.json.
const CENTRAL_VAULT_TYPES = ['aws:backup/vault:Vault', 'aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault',
  'aws-native:backup:LogicallyAirGappedBackupVault']

// memberLAGVaultNames are the names of the member logically air-gapped
// vaults the deployment's rendered backup policies (policies/<central
// name>[.<n>].json) back up into: target_logically_air_gapped_backup_vault_arn
// of their rules (BackupRuleInput, https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRuleInput.html).
function memberLAGVaultNames(renderedDir, centralName) {
  const dir = path.join(renderedDir, 'policies')
  const names = new Set()
  const escaped = centralName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const mine = new RegExp('^' + escaped + '(\\.\\d+)?\\.json$')
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (!mine.test(file)) continue
    for (const plan of Object.values(readJSON(path.join(dir, file)).plans ?? {})) {
      for (const rule of Object.values(plan.rules ?? {})) {
        const arn = rule.target_logically_air_gapped_backup_vault_arn?.['@@assign']
        if (arn) names.add(arn.split(':backup-vault:')[1])
      }
    }
  }
  return [...names].sort()
}

// loadExample reads one rendered example. renderedDir is render's --out,
// configFile the example it rendered (for its context block and OU ids).
export function loadExample(renderedDir, configFile) {
  const config = YAML.parse(fs.readFileSync(configFile, 'utf8'))
  const context = config.context
  const resources = readJSON(path.join(renderedDir, 'resources.json'))
  const prerequisites = readJSON(path.join(renderedDir, 'org-prerequisites', 'resources.json'))
  const centralDir = path.join(renderedDir, 'policies-iam', 'central')
  const shape = config.memberAccountResources ?? 'StackSet'
  const deployments = {}
  for (const [key, d] of Object.entries(config.deployments)) {
    const centralName = config.centralAccountResourceNamePrefix + key
    const memberName = config.memberAccountResourceNamePrefix + key
    const mine = resources.filter((r) => r.deployment === key)
    const byType = (type) => mine.filter((r) => r.type === type)
    const names = {
      backupVault: memberName + '-cmk',
      restoreVault: memberName + '-default',
      backupServiceRole: memberName + '-backup-service-role',
      centralAccessRole: memberName + '-central-access',
      eventForwarderRole: memberName + '-event-forwarder',
      vaultManagerPath: '/' + memberName + '-vault-manager/',
    }
    const templateFile = path.join(renderedDir, 'stacksets', key + '.json')
    const memberDir = path.join(renderedDir, 'policies-iam', 'member', key)
    const member = shape === 'StackSet'
      ? MemberSide.fromTemplate(templateFile, names)
      : MemberSide.fromDocuments(memberDir, names)
    const centralDoc = (resourceName) => {
      const file = path.join(centralDir, resourceName + '.json')
      return fs.existsSync(file) ? new Doc(file, readJSON(file)) : undefined
    }
    const roles = {}
    for (const r of byType('aws:iam/role:Role')) {
      roles[r.name] = {
        name: r.physicalName,
        arn: `arn:aws:iam::${context.accountId}:role/${r.physicalName}`,
        trust: centralDoc(r.name + '.trust'),
        policy: centralDoc(r.name + '-policy'),
        managed: mine.filter((a) => a.type === 'aws:iam/rolePolicyAttachment:RolePolicyAttachment' &&
          a.name.startsWith(r.name + '-')).map((a) => a.inputs.policyArn),
      }
    }
    const vaults = []
    for (const r of mine) {
      // With a multi-party approval team (mpaApprovalTeamArn) the central
      // air-gapped vaults are aws-native resources; their policy is still a
      // separate aws:backup VaultPolicy.
      if (!CENTRAL_VAULT_TYPES.includes(r.type)) continue
      const kind = /logicallyAirGapped/i.test(r.type) ? 'lag' : r.inputs.kmsKeyArn ? 'intermediate' : 'standard'
      vaults.push({
        kind,
        resource: r.name,
        name: r.physicalName,
        region: r.region,
        arn: `arn:aws:backup:${r.region}:${context.accountId}:backup-vault:${r.physicalName}`,
        policy: centralDoc(r.name + '-policy'),
      })
    }
    // The deployment key (<key>-key-<region>) and the alert topics' own
    // keys (<key>-alerts-key-<region>), by region.
    const keys = {}
    const alertKeys = {}
    for (const r of mine) {
      if (r.type === 'aws:kms/key:Key' || r.type === 'aws:kms/replicaKey:ReplicaKey') {
        const into = r.name === `${key}-alerts-key-${r.region}` ? alertKeys : keys
        into[r.region] = { resource: r.name, policy: centralDoc(r.name) }
      }
    }
    const buses = {}
    for (const r of byType('aws:cloudwatch/eventBus:EventBus')) {
      buses[r.region] = {
        name: r.inputs.name,
        arn: `arn:aws:events:${r.region}:${context.accountId}:event-bus/${r.inputs.name}`,
        policy: centralDoc(r.name + '-policy'),
      }
    }
    const logGroups = {}
    for (const r of byType('aws:cloudwatch/logGroup:LogGroup')) {
      if (r.name.includes('-event-bus-logs-')) logGroups[r.region] = r.inputs.name
    }
    const rules = {}
    for (const r of byType('aws:cloudwatch/eventRule:EventRule')) {
      rules[r.name] = { name: r.inputs.name, region: r.region }
    }
    const stateMachines = {}
    for (const r of byType('aws:sfn/stateMachine:StateMachine')) {
      stateMachines[r.name] = { name: r.physicalName, region: r.region,
        arn: `arn:aws:states:${r.region}:${context.accountId}:stateMachine:${r.physicalName}`,
        vars: assignedLiterals(JSON.parse(r.inputs.definition)) }
    }
    // Service control policies attached to the deployment's targets: by
    // OrgPrerequisites in the management account (org-prerequisites/
    // resources.json), or with guardPolicyManagedBy BackupAccount by
    // OrgBackup (resources.json).
    const scps = [['resources.json', mine], ['org-prerequisites/resources.json', prerequisites.filter((r) => r.deployment === key)]]
      .flatMap(([file, rs]) => rs
        .filter((r) => r.type === 'aws:organizations/policy:Policy' && r.inputs.type === 'SERVICE_CONTROL_POLICY')
        .map((r) => new Doc(`${file} ${r.name} (SERVICE_CONTROL_POLICY)`, JSON.parse(r.inputs.content))))
    deployments[key] = {
      key,
      scps,
      memberLAGVaults: memberLAGVaultNames(renderedDir, centralName),
      config: d,
      centralName,
      memberName,
      targets: d.backupTargets,
      adminRoleNames: d.adminRoleNames ?? [],
      member,
      roles,
      vaults,
      keys,
      alertKeys,
      buses,
      logGroups,
      rules,
      stateMachines,
      regions: config.regions ?? [context.region],
    }
  }
  const logPolicies = {}
  for (const r of resources) {
    if (r.type === 'aws:cloudwatch/logResourcePolicy:LogResourcePolicy') {
      const file = path.join(centralDir, r.name + '.json')
      logPolicies[r.region ?? context.region] = new Doc(file, readJSON(file))
    }
  }
  return { name: path.basename(renderedDir), shape, context, config, deployments, logPolicies }
}
