import type {
  BrandView,
  BulkStatusBody,
  BulkStatusResult,
  CategoryView,
  CreateCategoryBody,
  CreateProductBody,
  ImportResult,
  ProductPage,
  ProductStatus,
  ProductView,
  ReplaceSkusBody,
  UpdateCategoryBody,
  UpdateProductBody,
  UploadedImage,
} from '@livedesk/contracts';
import { download, request } from './client';

export interface ProductFilters {
  q?: string;
  status?: ProductStatus;
  categoryId?: string;
  brandId?: string;
}

const productPath = (id: string) => `/products/${encodeURIComponent(id)}`;

export const catalogApi = {
  list: (filters: ProductFilters, cursor: string | null, signal?: AbortSignal) =>
    request<ProductPage>('GET', '/products', { query: { ...filters, cursor, limit: 50 }, signal }),
  get: (id: string) => request<ProductView>('GET', productPath(id)),
  create: (body: CreateProductBody) => request<ProductView>('POST', '/products', { body }),
  update: (id: string, body: UpdateProductBody) => request<ProductView>('PATCH', productPath(id), { body }),
  replaceSkus: (id: string, body: ReplaceSkusBody) => request<ProductView>('PUT', `${productPath(id)}/skus`, { body }),
  bulkStatus: (body: BulkStatusBody) => request<BulkStatusResult>('POST', '/products/bulk-status', { body }),
  uploadImage: (id: string, file: Blob, filename: string) => {
    const form = new FormData();
    form.append('file', file, filename);
    return request<UploadedImage>('POST', `${productPath(id)}/images`, { rawBody: { data: form } });
  },
  importCsv: (file: Blob) =>
    request<ImportResult>('POST', '/products/import', { rawBody: { data: file, contentType: 'text/csv' } }),
  exportCsv: (filters: ProductFilters) => download('/products/export.csv', { query: { ...filters } }),

  categories: () => request<{ items: CategoryView[] }>('GET', '/categories'),
  createCategory: (body: CreateCategoryBody) => request<CategoryView>('POST', '/categories', { body }),
  updateCategory: (id: string, body: UpdateCategoryBody) =>
    request<CategoryView>('PATCH', `/categories/${encodeURIComponent(id)}`, { body }),
  deleteCategory: (id: string) => request<void>('DELETE', `/categories/${encodeURIComponent(id)}`),

  brands: () => request<{ items: BrandView[] }>('GET', '/brands'),
  createBrand: (name: string) => request<BrandView>('POST', '/brands', { body: { name } }),
  updateBrand: (id: string, name: string) => request<BrandView>('PATCH', `/brands/${encodeURIComponent(id)}`, { body: { name } }),
  deleteBrand: (id: string) => request<void>('DELETE', `/brands/${encodeURIComponent(id)}`),
};

export const catalogKeys = {
  all: ['catalog'] as const,
  products: (filters: ProductFilters) => ['catalog', 'products', filters] as const,
  product: (id: string) => ['catalog', 'product', id] as const,
  categories: ['catalog', 'categories'] as const,
  brands: ['catalog', 'brands'] as const,
};

/** Saves a file the server sent, under the name it suggested. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL goes away.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
