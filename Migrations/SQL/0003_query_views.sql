-- Views for people who query the store with sqlite3: the questions
-- RoleChain has no command for. Documented in README.md ("Querying the
-- store"); their columns only ever grow.

-- Every principal, with its account and, for roles, instance profiles.
CREATE VIEW principals AS
SELECT p.id,
       p.kind,
       p.arn,
       p.accountId,
       p.name,
       p.path,
       p.isAnalysed,
       p.isServiceLinked,
       p.permissionsBoundaryArn,
       p.tags,
       (SELECT json_group_array(ip.arn) FROM instanceProfile ip WHERE ip.roleId = p.id) AS instanceProfiles
  FROM principal p;

-- Who may assume which role, with what it depends on and why.
CREATE VIEW assumeRoleEdges AS
SELECT e.id AS edgeId,
       s.arn AS sourceArn,
       s.kind AS sourceKind,
       s.accountId AS sourceAccountId,
       t.arn AS targetArn,
       t.accountId AS targetAccountId,
       e.isConditional,
       e.caveats,
       e.notes,
       (SELECT json_group_array(json_extract(g.value, '$.citation')) FROM json_each(e.grants) g) AS grantedBy
  FROM edge e
  JOIN principal s ON s.id = e.sourceId
  JOIN principal t ON t.id = e.targetId
 WHERE e.kind = 'assume-role';

-- The identity-policy statements in force for each user and role: inline,
-- attached managed (default version) and through its groups.
CREATE VIEW identityStatements AS
WITH holder(principalId, holderId, via) AS (
    SELECT id, id, 'direct' FROM principal WHERE kind IN ('user', 'role')
    UNION ALL
    SELECT userId, groupId, 'group' FROM groupMembership
),
held(principalId, policyId, via) AS (
    SELECT h.principalId, p.id, h.via FROM holder h JOIN policy p ON p.principalId = h.holderId AND p.kind = 'inline'
    UNION ALL
    SELECT h.principalId, a.policyId, h.via
      FROM holder h JOIN policyAttachment a ON a.principalId = h.holderId AND a.relation = 'permissions'
     WHERE a.policyId IS NOT NULL
)
SELECT pr.arn AS principalArn,
       pr.kind AS principalKind,
       pr.accountId,
       pol.kind AS policyKind,
       coalesce(pol.arn, pol.name) AS policy,
       held.via,
       st.id AS statementId,
       st.position,
       st.sid,
       st.effect,
       st.actionIsNegated,
       (SELECT json_group_array(pattern) FROM statementAction WHERE statementId = st.id) AS actions,
       st.resourceIsNegated,
       (SELECT json_group_array(pattern) FROM statementResource WHERE statementId = st.id) AS resources,
       (SELECT json_group_array(json_object('operator', operator, 'key', conditionKey, 'values', json(conditionValues)))
          FROM statementCondition WHERE statementId = st.id) AS conditions
  FROM held
  JOIN principal pr ON pr.id = held.principalId
  JOIN policy pol ON pol.id = held.policyId
  JOIN statement st ON st.policyId = pol.id;

-- What each bucket policy grants or denies, to whom.
CREATE VIEW bucketGrants AS
SELECT b.name AS bucket,
       b.accountId AS bucketAccountId,
       st.id AS statementId,
       st.position,
       st.sid,
       st.effect,
       st.principalIsNegated,
       (SELECT json_group_array(json_object('kind', kind, 'value', value)) FROM statementPrincipal WHERE statementId = st.id)
           AS principals,
       (SELECT json_group_array(pattern) FROM statementAction WHERE statementId = st.id) AS actions,
       (SELECT json_group_array(pattern) FROM statementResource WHERE statementId = st.id) AS resources,
       (SELECT json_group_array(json_object('operator', operator, 'key', conditionKey, 'values', json(conditionValues)))
          FROM statementCondition WHERE statementId = st.id) AS conditions
  FROM bucket b
  JOIN policy pol ON pol.bucketName = b.name AND pol.kind = 'bucket'
  JOIN statement st ON st.policyId = pol.id;
