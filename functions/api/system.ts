import { createHttpApi } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';

export const handler = createHttpApi({
  'GET /api/health': async () => ({ body: { status: 'ok' } }),
  'ANY /api/{proxy+}': async (req) => {
    throw notFound(`There is no API at ${req.method} ${req.event.rawPath}`);
  },
});
