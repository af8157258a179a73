// Decides SCP-only simulations with @cloud-copilot/iam-simulate's engine (runUnsafeSimulation),
// the independent oracle for bedrock-gov's evaluator.
//
// stdin: {"simulations": [{"levels": [{"name": "root", "policies": [{"name", "policy"}]}, ...],
//                          "requests": [{"action", "resource", "context"}], "repeat": 1}]}
//   Levels are root first, the account last. Context values are strings (single-valued keys) or
//   arrays of strings (multivalued keys).
// stdout: {"results": [{"decisions": ["Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied", ...],
//                       "seconds": <best wall time of one pass over the requests, engine only>}]}
//
// Only the SCPs may decide: the caller's identity policy allows everything, the resource is in the
// caller's account, there is no resource policy, and the RCP level holds RCPFullAWSAccess.
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate'

const ACCOUNT = '111122223333'
const PRINCIPAL = `arn:aws:iam::${ACCOUNT}:role/bedrock-gov-oracle`
const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
const IDENTITY_POLICIES = [{ name: 'AllowEverything', policy: ALLOW_ALL }]
const RCP_FULL_ACCESS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }]
}
const RESOURCE_CONTROL_POLICIES = [
  { orgIdentifier: 'root', policies: [{ name: 'RCPFullAWSAccess', policy: RCP_FULL_ACCESS }] }
]

function decideAll(serviceControlPolicies, requests) {
  const decisions = new Array(requests.length)
  for (let index = 0; index < requests.length; index++) {
    const request = requests[index]
    decisions[index] = runUnsafeSimulation(
      {
        request: {
          principal: PRINCIPAL,
          action: request.action,
          resource: { resource: request.resource, accountId: ACCOUNT },
          contextVariables: request.context ?? {}
        },
        identityPolicies: IDENTITY_POLICIES,
        serviceControlPolicies,
        resourceControlPolicies: RESOURCE_CONTROL_POLICIES
      },
      {}
    )
  }
  return decisions
}

function runSimulation(simulation) {
  const serviceControlPolicies = simulation.levels.map((level) => ({
    orgIdentifier: level.name,
    policies: level.policies
  }))
  const repeat = Math.max(1, simulation.repeat ?? 1)
  let decisions = []
  let best = Infinity
  for (let run = 0; run < repeat; run++) {
    const started = process.hrtime.bigint()
    decisions = decideAll(serviceControlPolicies, simulation.requests)
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    best = Math.min(best, seconds)
  }
  return { decisions, seconds: best }
}

async function readStdin() {
  const chunks = []
  for await (const chunk of process.stdin) {
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

const batch = JSON.parse(await readStdin())
const results = batch.simulations.map(runSimulation)
process.stdout.write(JSON.stringify({ results }))
