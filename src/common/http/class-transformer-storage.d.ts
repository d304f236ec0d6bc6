// class-transformer's decorator metadata, which its package ships without a declaration at the
// path it is loaded from (see number-body-check.ts).
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
