import { caseIdParam } from '../components.js';
import { DOCUMENT_ID } from '../ids.js';
import {
  closedObject,
  createdOnce,
  dateTime,
  fileContent,
  json,
  jsonBody,
  listOf,
  pathParam,
  problems,
  queryParam,
  ref,
  str,
  type Paths,
  type Schema,
} from '../helpers.js';

const tags = ['documents'];

const authenticityResult: Schema = { enum: ['AUTHENTIC', 'NOT_AUTHENTIC', 'INCONCLUSIVE'] };

export const documentSchemas: Record<string, Schema> = {
  Document: closedObject(
    [
      'documentId',
      'type',
      'name',
      'contentType',
      'size',
      'sha256',
      'uploadedAt',
      'uploadedBy',
      'authenticity',
      'href',
    ],
    {
      documentId: str,
      type: str,
      name: str,
      contentType: str,
      size: { type: 'integer', minimum: 1 },
      sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      uploadedAt: dateTime,
      uploadedBy: { type: 'string', description: 'The role that uploaded it' },
      authenticity: {
        type: 'array',
        description: 'Who checked whether the document is authentic, when, how, and the result',
        items: closedObject(['result', 'method', 'authority', 'checkedBy', 'checkedAt'], {
          result: authenticityResult,
          method: str,
          authority: str,
          checkedBy: str,
          checkedAt: dateTime,
        }),
      },
      href: { type: 'string', description: 'Where to download the file' },
    },
  ),
  AuthenticityCheck: closedObject(['result', 'method'], {
    result: authenticityResult,
    method: {
      type: 'string',
      minLength: 3,
      maxLength: 500,
      description: 'How it was checked (e.g. original seen at the mission, issuer register)',
    },
  }),
};

const documentIdParam = pathParam(
  'documentId',
  { type: 'string', pattern: DOCUMENT_ID },
  '`doc-` and 24 hex digits (documents stored before: the case id and the SHA-256 of the content, separated by a colon)',
);

/** The document types and the size limit are the gateway's settings (`options.ts`). */
export function documentPaths(documentTypes: readonly string[], maxBytes: number): Paths {
  return {
    '/api/v1/cases/{caseId}/documents': {
      post: {
        operationId: 'upload-document',
        tags,
        summary:
          'Upload a document to a case (the file is the body); the same file twice as the same type is one document, as another type a second document of that type',
        parameters: [
          caseIdParam,
          queryParam('type', { enum: documentTypes }, { required: true }),
          queryParam('name', { type: 'string', minLength: 1, maxLength: 200 }, { required: true }),
        ],
        requestBody: {
          required: true,
          description: `PDF, PNG or JPEG, at most ${maxBytes} bytes`,
          content: fileContent,
        },
        responses: {
          ...createdOnce(ref('Document'), 'Stored', 'This case already has this file'),
          ...problems('400', '401', '403', '404', '413', '415', '429', '503'),
        },
      },
      get: {
        operationId: 'list-documents',
        tags,
        summary: "The case's documents the caller may see, each with its authenticity checks",
        parameters: [caseIdParam],
        responses: {
          '200': json(listOf('documents', ref('Document')), 'The documents'),
          ...problems('401', '404', '429', '503'),
        },
      },
    },
    '/api/v1/cases/{caseId}/documents/{documentId}/content': {
      get: {
        operationId: 'download-document',
        tags,
        summary: 'Download a document',
        parameters: [caseIdParam, documentIdParam],
        responses: {
          '200': { description: 'The file', content: fileContent },
          ...problems('401', '404', '429', '503'),
        },
      },
    },
    '/api/v1/cases/{caseId}/documents/{documentId}/authenticity': {
      post: {
        operationId: 'record-authenticity',
        tags,
        summary: 'An authority records whether a document is authentic (once per authority)',
        parameters: [caseIdParam, documentIdParam],
        requestBody: jsonBody(ref('AuthenticityCheck')),
        responses: {
          ...createdOnce(
            ref('Document'),
            'Recorded',
            'This authority had recorded its check already',
          ),
          ...problems('400', '401', '403', '404', '413', '415', '429', '503'),
        },
      },
    },
  };
}
