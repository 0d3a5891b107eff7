import { PictureOutlined } from '@ant-design/icons';
import { Image, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { download } from '../../api/client';

/**
 * An evidence photo. They are private (not served publicly like product images), so the bytes are
 * fetched with the session's token and shown from a local object URL, freed when the image goes away.
 */
export function EvidenceImage({ path, alt }: { path: string; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let objectUrl: string | null = null;
    let cancelled = false;
    download(path)
      .then(({ blob }) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [path]);

  if (failed) {
    return (
      <div className="evidence-tile evidence-missing">
        <PictureOutlined />
      </div>
    );
  }
  if (!url) return <Skeleton.Image active className="evidence-tile" />;
  return <Image src={url} alt={alt} width={104} height={104} className="evidence-image" />;
}
