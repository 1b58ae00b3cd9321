import { Router } from 'express';
import { principalOf } from '../auth.js';
import { caseIdParam } from './params.js';
import type { GatewayDeps } from '../deps.js';
import { Problem } from '../problem.js';
import type { Answer, Body, Query } from './api.js';
import {
  downloadDocument,
  listDocuments,
  recordAuthenticity,
  uploadDocument,
} from '../use-cases/documents.js';

/** Documents of a case: upload (the file as the body), list, download, authenticity. */

export function documentsRouter(deps: GatewayDeps): Router {
  const router = Router();

  router.post('/cases/:caseId/documents', async (req, res) => {
    const query = req.query as Query<'upload-document'>;
    // The document takes the file's bytes as the body; an empty one is no file.
    if (!Buffer.isBuffer(req.body) || req.body.length === 0)
      throw Problem.badRequest('The file is empty', [{ field: '/', reason: 'the file is empty' }]);
    const { document, created } = await uploadDocument(
      deps,
      principalOf(res.locals),
      caseIdParam(req),
      {
        type: query.type,
        name: query.name,
        contentType: String(req.get('content-type')).split(';')[0]!.trim().toLowerCase(),
        content: req.body as Buffer,
      },
    );
    res
      .status(created ? 201 : 200)
      .set('location', document.href.replace(/\/content$/, ''))
      .json(document satisfies Answer<'upload-document', 201>);
  });

  router.get('/cases/:caseId/documents', async (req, res) => {
    res.json({
      documents: await listDocuments(deps, principalOf(res.locals), caseIdParam(req)),
    } satisfies Answer<'list-documents'>);
  });

  router.get('/cases/:caseId/documents/:documentId/content', async (req, res) => {
    const { meta, content } = await downloadDocument(
      deps,
      principalOf(res.locals),
      caseIdParam(req),
      String(req.params.documentId),
    );
    res
      .set({
        'content-type': meta.contentType,
        'content-disposition': `attachment; filename="${meta.name.replace(/[^\w.() -]/g, '_')}"`,
        etag: `"${meta.sha256}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      })
      .send(content);
  });

  router.post('/cases/:caseId/documents/:documentId/authenticity', async (req, res) => {
    const { document, created } = await recordAuthenticity(
      deps,
      principalOf(res.locals),
      caseIdParam(req),
      String(req.params.documentId),
      req.body as Body<'record-authenticity'>,
    );
    res.status(created ? 201 : 200).json(document satisfies Answer<'record-authenticity', 201>);
  });

  return router;
}
